// Test driver wiring the CLI groups exactly as the `maas` dispatcher is to do, so the
// integration test runs `maas login/list/PROFILE ...` and `createadmin/apikey` for real:
//   region_cli_driver ARGS...   (profiles in $HOME/.maascli.json, regiond.conf via MAAS_ROOT)
#include <iostream>
#include <string>
#include <vector>

#include "maas/cli/admin/admin_cli.h"
#include "maas/cli/profile/profile_cli.h"
#include "maas/common/config_schemas.h"
#include "maas/common/paths.h"

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (!args.empty() && maas::cli::admin::isAdminCommand(args[0])) {
        const auto paths = maas::Paths::fromProcessEnvironment();
        const auto settings = maas::Settings::load(maas::regiondSchema(), paths.regiond_conf);
        return maas::cli::admin::runAdminCommand(args, settings, std::cout, std::cerr);
    }
    maas::cli::profile::ProfileStore store(maas::cli::profile::ProfileStore::defaultPath());
    maas::cli::profile::PocoHttpClient http;
    maas::cli::profile::ProfileCli cli(store, http, std::cin, std::cout, std::cerr);
    return cli.run(args);
}
