// maas-region: the region's commands (see region_tool.h).
#include <iostream>

#include "region_tool.h"

namespace maas::region::tools {

namespace {

constexpr CommandEntry kRegion[] = {
    {"local_config_set", "change regiond.conf (--database-host H, --num-workers N, ...)",
     runLocalConfigSet},
    {"local_config_get", "print regiond.conf [--json|--yaml|--plain] [--KEY...]",
     runLocalConfigGet},
    {"local_config_reset", "reset the named regiond.conf keys to their defaults",
     runLocalConfigReset},
    {"createadmin", "create a MAAS administrator (--username U --password P [--email E])",
     runCreateAdmin},
    {"apikey", "print a user's API keys (--username U [--generate])", runApiKey},
    {"config-tls", "enable or disable HTTPS for the API and UI (enable KEY CERT ...| disable)",
     runConfigTls},
    {"cluster_snapshot", "the live region workers and database connections, as JSON",
     runClusterSnapshot},
};

}  // namespace

const CommandTable& regionCommands() {
    static const CommandTable table{"maas-region", kRegion, nullptr};
    return table;
}

}  // namespace maas::region::tools

int main(int argc, char** argv) {
    const maas::ProcessEnvironment env;
    maas::CliContext ctx{maas::Paths::fromEnvironment(env), env, std::cout, std::cerr};
    const std::vector<std::string> args(argv + 1, argv + argc);
    return maas::dispatch(maas::region::tools::regionCommands(), args, ctx);
}
