// `maas-rack register`: the rack team's command (rack/src/register_command.cpp) in the maas-rack
// dispatcher.
#include <iostream>

#include "maas/cli/commands.h"
#include "maas/rack/register_command.h"

namespace maas::cli {

int runRackRegister(const std::vector<std::string>& args, CliContext& ctx) {
    return rack::runRegister(args, ctx.paths, std::cin, ctx.out, ctx.err);
}

}  // namespace maas::cli
