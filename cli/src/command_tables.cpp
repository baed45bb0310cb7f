// The command tables of `maas`, `maas-region` and `maas-rack`. To add a command group, write
// `int runX(const std::vector<std::string>&, CliContext&)` in its own file, declare it in
// commands.h and add one line to the table here.
#include "maas/cli/admin/entry.h"
#include "maas/cli/commands.h"
#include "maas/cli/profile/entry.h"

namespace maas::cli {

namespace {

constexpr CommandEntry kMaas[] = {
    {"init", "initialise this machine as region, rack or region+rack", runInit},
    {"status", "the supervisor's services, states, readiness and restarts", runStatus},
    {"config", "show or change num-workers, maas-url and debug; `config haproxy`", runConfig},
    {"createadmin", "create a MAAS administrator (--username U --password P [--email E])",
     admin::runCreateAdmin},
    {"apikey", "print a user's API keys (--username U [--generate])", admin::runApiKey},
    {"login", "log in to a MAAS: login PROFILE URL [KEY|-]", profile::runLogin},
    {"logout", "forget a profile: logout PROFILE", profile::runLogout},
    {"list", "list the logged-in profiles", profile::runList},
};

constexpr CommandEntry kRegion[] = {
    {"local_config_set", "change regiond.conf (--database-host H, --num-workers N, ...)",
     runLocalConfigSet},
    {"local_config_get", "print regiond.conf [--json|--yaml|--plain] [--KEY...]",
     runLocalConfigGet},
    {"local_config_reset", "reset the named regiond.conf keys to their defaults",
     runLocalConfigReset},
};

constexpr CommandEntry kRack[] = {
    {"config", "show or change rackd.conf (--region-url URL, --debug true|false)", runRackConfig},
    {"register", "register with regions: --url URL [--url URL2 ...] [--secret HEX]",
     runRackRegister},
};

}  // namespace

const CommandTable& maasCommands() {
    // fallback: the `maas PROFILE ...` API commands.
    static const CommandTable table{"maas", kMaas, profile::runProfileCommand};
    return table;
}

const CommandTable& regionCommands() {
    static const CommandTable table{"maas-region", kRegion, nullptr};
    return table;
}

const CommandTable& rackCommands() {
    static const CommandTable table{"maas-rack", kRack, nullptr};
    return table;
}

}  // namespace maas::cli
