// The database side of `maas status`'s cluster section (see cluster_status.h).
#include "maas/cli/cluster_status.h"
#include "maas/common/config_schemas.h"
#include "maas/common/paths.h"
#include "maas/common/settings.h"
#include "maas/region/db/pg.h"
#include "maas/region/store/process_store.h"
#include "maas/region/worker/config.h"

namespace maas::cli {

namespace {
constexpr int kStaleSeconds = 30;  // as the region's own cleanup
}

ClusterSnapshot readClusterSnapshot(const Paths& paths) {
    const auto settings = Settings::load(regiondSchema(), paths.regiond_conf);
    auto conn =
        region::db::Connection::open(region::worker::databaseParams(settings, "maas-status"));
    ClusterSnapshot s;
    for (const auto& p : region::store::ProcessStore(*conn).live(kStaleSeconds))
        s.workers.push_back({p.hostname, p.http_address, p.http_port, p.rpc_address});
    const auto r = conn->exec(
        "SELECT (SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE "
        "'maas-regiond[%'), (SELECT count(*) FROM pg_stat_activity WHERE backend_type = "
        "'client backend'), current_setting('max_connections')::int, "
        "current_setting('superuser_reserved_connections')::int");
    s.regiond_connections = static_cast<int>(r.integer(0, 0));
    s.total_connections = static_cast<int>(r.integer(0, 1));
    s.max_connections = static_cast<int>(r.integer(0, 2));
    s.reserved_connections = static_cast<int>(r.integer(0, 3));
    return s;
}

}  // namespace maas::cli
