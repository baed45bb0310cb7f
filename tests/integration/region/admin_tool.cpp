// Test helper until the `maas` CLI wires createadmin/apikey: drives the same library calls.
//   region_admin_tool createadmin USER PASS EMAIL   -> prints the API key
//   region_admin_tool apikey USER [--generate]      -> prints every key, one a line
//   region_admin_tool migrate-before N              -> applies only migrations below N, so a
//                                                      test can fill a database of an older
//                                                      release before the worker upgrades it
#include <iostream>
#include <string>

#include "maas/common/config_schemas.h"
#include "maas/common/paths.h"
#include "maas/region/admin/admin.h"
#include "maas/region/api/errors.h"
#include "maas/region/db/migrations.h"
#include "maas/region/worker/config.h"

int main(int argc, char** argv) {
    try {
        const auto paths = maas::Paths::fromProcessEnvironment();
        const auto settings = maas::Settings::load(maas::regiondSchema(), paths.regiond_conf);
        const std::string cmd = argc > 1 ? argv[1] : "";
        if (cmd == "createadmin" && argc == 5) {
            std::cout
                << maas::region::admin::createAdmin(settings, argv[2], argv[3], argv[4]).toString()
                << "\n";
            return 0;
        }
        if (cmd == "apikey" && (argc == 3 || argc == 4)) {
            for (const auto& k : maas::region::admin::apiKeys(
                     settings, argv[2], argc == 4 && std::string(argv[3]) == "--generate"))
                std::cout << k.toString() << "\n";
            return 0;
        }
        if (cmd == "migrate-before" && argc == 3) {
            namespace db = maas::region::db;
            const int before = std::stoi(argv[2]);
            std::vector<db::Migration> older;
            for (const auto& m : db::embeddedMigrations())
                if (m.number < before)
                    older.push_back(m);
            auto conn =
                db::Connection::open(maas::region::worker::databaseParams(settings, "maas-test"));
            std::cout << db::applyMigrations(*conn, older) << "\n";
            return 0;
        }
        std::cerr << "usage: region_admin_tool createadmin U P E | apikey U [--generate] | "
                     "migrate-before N\n";
        return 2;
    } catch (const maas::region::api::ApiError& e) {
        std::cerr << e.body() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n";
        return 1;
    }
}
