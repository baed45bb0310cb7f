// Test helper: db::inTransactionRetrying against a real PostgreSQL whose server ends the
// pool's idle session (as a failover does). Prints "fresh session" when the transaction ran,
// on another session than the ended one (inTransaction would have thrown).
//   region_retry_probe GET|POST
#include <iostream>
#include <string>
#include <thread>

#include "maas/common/config_schemas.h"
#include "maas/common/paths.h"
#include "maas/region/db/pool.h"
#include "maas/region/worker/config.h"

namespace db = maas::region::db;

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: region_retry_probe GET|POST\n";
        return 2;
    }
    try {
        const auto paths = maas::Paths::fromProcessEnvironment();
        const auto settings = maas::Settings::load(maas::regiondSchema(), paths.regiond_conf);
        const auto params = maas::region::worker::databaseParams(settings, "retry-probe");
        db::Pool pool([&] { return db::Connection::open(params); }, 1, std::chrono::seconds(5));
        std::string pid;
        {
            auto lease = pool.acquire();  // goes back idle, then the server ends it
            pid = lease->exec("SELECT pg_backend_pid()::text").text(0, 0);
        }
        const auto admin = db::Connection::open(params);
        admin->exec("SELECT pg_terminate_backend($1::int)", {pid});
        for (int i = 0; i < 50; ++i) {  // bounded: until the server has really ended it
            if (admin->exec("SELECT count(*) FROM pg_stat_activity WHERE pid = $1::int", {pid})
                    .text(0, 0) == "0")
                break;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        const auto ran_on =
            db::inTransactionRetrying(pool, db::RetryPolicy{}, argv[1], [](db::Connection& conn) {
                return conn.exec("SELECT pg_backend_pid()::text").text(0, 0);
            });
        std::cout << (ran_on != pid ? "fresh session" : "same session?") << "\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n";
        return 1;
    }
}
