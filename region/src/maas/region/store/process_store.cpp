#include "maas/region/store/process_store.h"

#include "maas/region/db/migrations.h"
#include "maas/region/store/node_store.h"

#include "maas/region/store/params.h"

namespace maas::region::store {

RegionNode ProcessStore::ensureRegionNode(const std::optional<std::string>& system_id,
                                          const std::string& hostname, const std::string& version) {
    conn_.exec("SELECT pg_advisory_xact_lock($1)", {num(db::kRegionNodeLock)});
    static const db::Statement kFind{
        "region_node_find",
        "SELECT id, system_id, node_type FROM nodes WHERE system_id = $1 "
        "UNION ALL SELECT id, system_id, node_type FROM nodes WHERE hostname = $2 LIMIT 1"};
    static const db::Statement kPromote{
        "region_node_promote",
        "UPDATE nodes SET node_type = CASE WHEN node_type IN (2, 4) THEN 4 ELSE 3 END, "
        "version = $2, updated = now() WHERE id = $1"};
    static const db::Statement kInsert{
        "region_node_insert",
        "INSERT INTO nodes (system_id, hostname, node_type, version) VALUES ($1, $2, 3, $3) "
        "RETURNING id"};
    const auto found = conn_.exec(kFind, {system_id.value_or(""), hostname});
    if (found.rows() > 0) {
        const RegionNode node{found.integer(0, 0), found.text(0, 1)};
        conn_.exec(kPromote, {num(node.id), version});
        return node;
    }
    const std::string fresh = system_id.value_or(generateSystemId());
    const auto id = conn_.exec(kInsert, {fresh, hostname, version}).integer(0, 0);
    return {id, fresh};
}

int64_t ProcessStore::upsertProcess(int64_t node_id, const ProcessEndpoint& e) {
    static const db::Statement kUpsert{
        "process_upsert",
        "INSERT INTO region_processes (node_id, hostname, pid, worker_index, http_address, "
        "http_port, rpc_address, rpc_port, num_workers) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
        "$9) "
        "ON CONFLICT (hostname, pid) DO UPDATE SET node_id = excluded.node_id, "
        "worker_index = excluded.worker_index, http_address = excluded.http_address, "
        "http_port = excluded.http_port, rpc_address = excluded.rpc_address, "
        "rpc_port = excluded.rpc_port, num_workers = excluded.num_workers, heartbeat = now() "
        "RETURNING id"};
    return conn_
        .exec(kUpsert, {num(node_id), e.hostname, num(e.pid), num(e.worker_index), e.http_address,
                        num(e.http_port), e.rpc_address, num(e.rpc_port), num(e.num_workers)})
        .integer(0, 0);
}

bool ProcessStore::heartbeat(int64_t process_id) {
    static const db::Statement kBeat{"process_heartbeat",
                                     "UPDATE region_processes SET heartbeat = now() WHERE id = $1"};
    return conn_.exec(kBeat, {num(process_id)}).affected() == 1;
}

void ProcessStore::removeProcess(int64_t process_id) {
    static const db::Statement kRemove{"process_remove",
                                       "DELETE FROM region_processes WHERE id = $1"};
    conn_.exec(kRemove, {num(process_id)});
}

std::optional<std::vector<std::string>> ProcessStore::removeStale(int stale_seconds) {
    static const db::Statement kTry{"cleanup_lock", "SELECT pg_try_advisory_xact_lock($1)"};
    if (!conn_.exec(kTry, {num(db::kProcessCleanupLock)}).boolean(0, 0))
        return std::nullopt;
    static const db::Statement kStale{
        "process_remove_stale",
        "DELETE FROM region_processes WHERE heartbeat < now() - make_interval(secs => $1::int) "
        "RETURNING hostname || ':pid=' || pid"};
    const auto r = conn_.exec(kStale, {num(stale_seconds)});
    std::vector<std::string> removed;
    for (int i = 0; i < r.rows(); ++i)
        removed.push_back(r.text(i, 0));
    if (!removed.empty()) {
        // Racks still trying the dead workers rediscover now (worker.cpp LISTENs).
        static const db::Statement kNotify{"process_regions_changed",
                                           "SELECT pg_notify('maas_regions_changed', '')"};
        conn_.exec(kNotify, {});
    }
    return removed;
}

std::vector<std::pair<int64_t, int>> ProcessStore::processesOnHost(const std::string& hostname) {
    static const db::Statement kOnHost{"process_on_host",
                                       "SELECT id, pid FROM region_processes WHERE hostname = $1"};
    const auto r = conn_.exec(kOnHost, {hostname});
    std::vector<std::pair<int64_t, int>> out;
    for (int i = 0; i < r.rows(); ++i)
        out.emplace_back(r.integer(i, 0), static_cast<int>(r.integer(i, 1)));
    return out;
}

std::vector<ProcessEndpoint> ProcessStore::live(int stale_seconds) {
    static const db::Statement kLive{
        "process_live",
        "SELECT hostname, pid, worker_index, http_address, http_port, rpc_address, rpc_port "
        "FROM region_processes WHERE heartbeat > now() - make_interval(secs => $1::int) "
        "ORDER BY started, id"};
    const auto r = conn_.exec(kLive, {num(stale_seconds)});
    std::vector<ProcessEndpoint> out;
    for (int i = 0; i < r.rows(); ++i)
        out.push_back({r.text(i, 0), static_cast<int>(r.integer(i, 1)),
                       static_cast<int>(r.integer(i, 2)), r.text(i, 3),
                       static_cast<int>(r.integer(i, 4)), r.text(i, 5),
                       static_cast<int>(r.integer(i, 6))});
    return out;
}

}  // namespace maas::region::store
