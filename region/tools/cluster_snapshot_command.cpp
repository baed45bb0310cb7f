// `maas-region cluster_snapshot`: the live region workers and the database's connection counts,
// read with this host's regiond.conf, as JSON for `maas status` and `maas config haproxy`.
#include <ostream>

#include "maas/common/config_schemas.h"
#include "maas/region/db/pg.h"
#include "maas/region/store/process_store.h"
#include "maas/region/worker/config.h"
#include "region_tool.h"

namespace maas::region::tools {

namespace {

constexpr int kStaleSeconds = 30;  // as the region's own cleanup

ClusterSnapshot readSnapshot(const Paths& paths) {
    const auto settings = Settings::load(regiondSchema(), paths.regiond_conf);
    auto conn = db::Connection::open(worker::databaseParams(settings, "maas-status"));
    ClusterSnapshot s;
    for (const auto& p : store::ProcessStore(*conn).live(kStaleSeconds))
        s.workers.push_back({{p.hostname, p.http_address, p.http_port, p.rpc_address},
                             p.worker_index,
                             p.pid,
                             p.rpc_port,
                             0});
    const auto sessions = conn->exec(
        "SELECT application_name, count(*) FROM pg_stat_activity WHERE application_name LIKE "
        "'maas-regiond[%' GROUP BY application_name");
    std::vector<std::pair<std::string, int>> named;
    for (int i = 0; i < sessions.rows(); ++i)
        named.emplace_back(sessions.text(i, 0), static_cast<int>(sessions.integer(i, 1)));
    attributeConnections(s, named);
    // Every session counts against max_connections, but pg_stat_activity hides other roles'
    // backend_type from a plain role such as maas; pg_stat_database.numbackends (live) does not.
    const auto r = conn->exec(
        "SELECT (SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE "
        "'maas-regiond[%'), (SELECT coalesce(sum(numbackends), 0) FROM pg_stat_database), "
        "current_setting('max_connections')::int, "
        "current_setting('superuser_reserved_connections')::int");
    s.regiond_connections = static_cast<int>(r.integer(0, 0));
    s.total_connections = static_cast<int>(r.integer(0, 1));
    s.max_connections = static_cast<int>(r.integer(0, 2));
    s.reserved_connections = static_cast<int>(r.integer(0, 3));
    return s;
}

}  // namespace

void attributeConnections(ClusterSnapshot& s,
                          const std::vector<std::pair<std::string, int>>& sessions) {
    for (auto& w : s.workers) {
        const auto name = worker::regiondApplicationName(w.worker_index, w.endpoint.hostname);
        for (const auto& [application, count] : sessions)
            if (application == name)
                w.db_connections += count;
    }
}

int runClusterSnapshot(const std::vector<std::string>& args, CliContext& ctx) {
    rejectPositional(parseArgs(args, {}));
    ctx.out << clusterSnapshotToJson(readSnapshot(ctx.paths)) << "\n";
    return 0;
}

}  // namespace maas::region::tools
