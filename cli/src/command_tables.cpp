// The command table of `maas`. To add a command group, write
// `int runX(const std::vector<std::string>&, CliContext&)` in its own file, declare it in
// commands.h and add one line to the table here.
#include "maas/cli/commands.h"
#include "maas/cli/profile/entry.h"

namespace maas::cli {

namespace {

constexpr CommandEntry kMaas[] = {
    {"init", "initialise this machine as region, rack or region+rack", runInit},
    {"status", "the supervisor's services, states, readiness and restarts", runStatus},
    {"config", "show or change num-workers, maas-url and debug; `config haproxy`", runConfig},
    {"createadmin", "create a MAAS administrator (--username U --password P [--email E])",
     runCreateAdmin},
    {"apikey", "print a user's API keys (--username U [--generate])", runApiKey},
    {"config-tls",
     "HTTPS for the API and UI: config-tls enable KEY CERT [--cacert CA] "
     "[--port 5443] | disable",
     runConfigTls},
    {"login", "log in to a MAAS: login PROFILE URL [KEY|-]", profile::runLogin},
    {"logout", "forget a profile: logout PROFILE", profile::runLogout},
    {"list", "list the logged-in profiles", profile::runList},
};

}  // namespace

const CommandTable& maasCommands() {
    // fallback: the `maas PROFILE ...` API commands.
    static const CommandTable table{"maas", kMaas, profile::runProfileCommand};
    return table;
}

}  // namespace maas::cli
