#include <iomanip>
#include <ostream>

#include "maas/common/command.h"

namespace maas {

namespace {

void printHelp(const CommandTable& table, std::ostream& out) {
    out << "usage: " << table.program << " COMMAND [ARGS...]\n\ncommands:\n";
    for (const auto& e : table.entries) {
        out << "  " << std::left << std::setw(20) << e.name << e.summary << "\n";
    }
    if (table.fallback != nullptr) {
        out << "  " << std::left << std::setw(20) << "PROFILE ..."
            << "commands of a logged-in profile\n";
    }
}

}  // namespace

std::string optionError(std::string_view option, std::string_view message) {
    std::string text = std::string(option) + ": " + std::string(message);
    if (text.empty() || text.back() != '.') {
        text += ".";
    }
    return text;
}

int dispatch(const CommandTable& table, const std::vector<std::string>& args, CliContext& ctx) {
    if (args.empty() || args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
        printHelp(table, args.empty() ? ctx.err : ctx.out);
        return args.empty() ? 2 : 0;
    }
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    try {
        for (const auto& e : table.entries) {
            if (e.name == args[0]) {
                return e.run(rest, ctx);
            }
        }
        if (table.fallback != nullptr) {
            return table.fallback(args, ctx);
        }
        ctx.err << table.program << ": unknown command '" << args[0] << "' (see " << table.program
                << " --help)\n";
        return 2;
    } catch (const UsageError& e) {
        ctx.err << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        ctx.err << table.program << " " << args[0] << ": " << e.what() << "\n";
        return 1;
    }
}

}  // namespace maas
