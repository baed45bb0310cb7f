// `maas-rack register`: the rack's runRegister (rack/register_command.h) behind the table.
#include <iostream>

#include "maas/cli/commands.h"
#include "maas/common/secret_input.h"
#include "maas/rack/register_command.h"

namespace maas::cli {

int runRackRegister(const std::vector<std::string>& args, CliContext& ctx) {
    return maas::rack::runRegister(args, ctx.paths, processSecretInput(), ctx.out, ctx.err);
}

}  // namespace maas::cli
