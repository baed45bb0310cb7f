#include "command_arguments.h"

#include <cc/command_interpreter.h>

#include "maas/common/log.h"

namespace maas::hooks {

using isc::data::ConstElementPtr;
using isc::data::Element;

namespace {

// The name as a log-safe token: commands come from the control socket, so from any client of it.
std::string shown(const std::string& text) {
    constexpr size_t kMax = 64;
    const std::string clipped = text.size() > kMax ? text.substr(0, kMax) + "..." : text;
    return "'" + escapeControl(clipped) + "'";
}

std::string argumentsProblem(const std::string& name, const ConstElementPtr& args) {
    if (!args || args->getType() == Element::null) {
        return "";
    }
    if (args->getType() != Element::map) {
        return shown(name) + ": 'arguments' must be a map, got " +
               Element::typeToName(static_cast<Element::types>(args->getType()));
    }
    if (args->size() != 0) {
        return shown(name) + ": takes no arguments, got " + shown(args->mapValue().begin()->first);
    }
    return "";
}

}  // namespace

std::string commandProblem(const ConstElementPtr& command) {
    try {
        ConstElementPtr args;
        const std::string name = isc::config::parseCommand(args, command);
        return argumentsProblem(name, args);
    } catch (const std::exception& e) {
        return std::string("malformed command: ") + escapeControl(e.what());
    } catch (...) {
        return "malformed command";
    }
}

}  // namespace maas::hooks
