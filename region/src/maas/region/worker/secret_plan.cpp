#include "maas/region/worker/secret_plan.h"

namespace maas::region::worker {

SecretPlan planClusterSecret(const std::optional<std::string>& db_hex,
                             const std::optional<std::string>& file_hex,
                             const std::string& generated_hex) {
    SecretPlan plan;
    if (db_hex) {
        plan.secret_hex = *db_hex;
        plan.write_file = file_hex != db_hex;
        plan.file_replaced = file_hex && *file_hex != *db_hex;
        return plan;
    }
    // First region since the secret moved to the database: an existing installation's racks
    // hold the file's secret, so it is adopted rather than replaced.
    plan.store_in_db = true;
    plan.secret_hex = file_hex ? *file_hex : generated_hex;
    plan.write_file = !file_hex;
    return plan;
}

}  // namespace maas::region::worker
