// `maas createadmin` and `maas apikey`: run by the region tool beside this program, attached to
// this terminal (so its prompts and output are the user's), as MAAS's snap runs them.
#include <filesystem>
#include <ostream>
#include <system_error>

#include "maas/cli/commands.h"
#include "maas/cli/region_tool.h"

namespace maas::cli {

namespace {

int runInRegionTool(const std::string& command, const std::vector<std::string>& args,
                    CliContext& ctx) {
    const auto tool = besideThisProgram("maas-region");
    std::error_code unreachable;
    const bool present = std::filesystem::exists(tool, unreachable);
    // A user who may not even look at the region's files is refused as the tool refuses them.
    if (unreachable)
        throw CommandError("must be run as root or as the region's user: cannot reach " +
                           tool.string() + " (" + unreachable.message() + ")");
    if (!present)
        throw CommandError("needs the region's tool " + tool.string() +
                           " (run it on a region controller)");
    std::vector<std::string> argv{tool.string(), command};
    argv.insert(argv.end(), args.begin(), args.end());
    ctx.out.flush();
    ctx.err.flush();
    return runAttached(argv);
}

}  // namespace

int runCreateAdmin(const std::vector<std::string>& args, CliContext& ctx) {
    return runInRegionTool("createadmin", args, ctx);
}

int runApiKey(const std::vector<std::string>& args, CliContext& ctx) {
    return runInRegionTool("apikey", args, ctx);
}

int runConfigTls(const std::vector<std::string>& args, CliContext& ctx) {
    return runInRegionTool("config-tls", args, ctx);
}

}  // namespace maas::cli
