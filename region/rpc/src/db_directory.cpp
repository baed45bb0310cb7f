#include "maas/region/rpc/db_directory.h"

#include "maas/region/db/event_log.h"
#include "maas/region/db/migrations.h"
#include "maas/region/rpc/db_interfaces.h"
#include "maas/region/rpc/memory_directory.h"
#include "maas/region/rpc/rpc_server.h"

namespace maas::region::rpc {

namespace mr = maas::rpc;

namespace {

constexpr auto kRackDead = std::chrono::seconds(3);
// Shares the region's node-creation lock: a rack and a region on one host must not both
// create a controller row for it.

std::string num(int64_t v) {
    return std::to_string(v);
}

const db::Statement kUuid{"rack_maas_uuid", "SELECT uuid FROM maas_identity"};
const db::Statement kFind{"rack_find",
                          "SELECT id, system_id, node_type FROM ("
                          " SELECT 1 AS rank, id, system_id, node_type FROM nodes"
                          "  WHERE system_id = $1 AND node_type IN (2, 3, 4)"
                          " UNION ALL SELECT 2, id, system_id, node_type FROM nodes"
                          "  WHERE hostname = $2 AND node_type IN (2, 3, 4)"
                          " UNION ALL SELECT 3, n.id, n.system_id, n.node_type FROM nodes n"
                          "  JOIN interfaces i ON i.node_id = n.id"
                          "  WHERE i.mac_address = ANY($3::text[]) AND n.node_type IN (2, 3, 4)"
                          ") m ORDER BY rank LIMIT 1"};
const db::Statement kUpdate{
    "rack_update",
    "UPDATE nodes SET node_type = CASE WHEN node_type IN (3, 4) THEN 4 ELSE 2 END,"
    " hostname = $2, version = $3, version_warning = $4, updated = now() WHERE id = $1"};
const db::Statement kInsert{
    "rack_insert",
    "INSERT INTO nodes (system_id, hostname, node_type, version, version_warning)"
    " VALUES ($1, $2, 2, $3, $4) RETURNING id"};
const db::Statement kSystemIdTaken{"rack_system_id_taken",
                                   "SELECT 1 FROM nodes WHERE system_id = $1"};
const db::Statement kConnect{
    "rack_connect",
    "INSERT INTO rack_connections (rack_node_id, process_id, connection_id, peer_address,"
    " rack_version) SELECT $1, id, $4, $5, $6 FROM region_processes"
    " WHERE hostname = $2 AND pid = $3"
    " ON CONFLICT (process_id, connection_id) DO UPDATE SET rack_node_id = excluded.rack_node_id,"
    " peer_address = excluded.peer_address, rack_version = excluded.rack_version,"
    " heartbeat = now()"};
const db::Statement kHeartbeat{
    "rack_heartbeat",
    "UPDATE rack_connections c SET heartbeat = now() FROM nodes n, region_processes p"
    " WHERE c.rack_node_id = n.id AND n.system_id = $1 AND n.node_type IN (2, 4)"
    " AND c.process_id = p.id"
    " AND p.hostname = $2 AND p.pid = $3 AND c.connection_id = $4"};
const db::Statement kNodeId{"rack_node_id",
                            "SELECT id FROM nodes WHERE system_id = $1 AND node_type IN (2, 4)"};
const db::Statement kDisconnect{
    "rack_disconnect",
    "DELETE FROM rack_connections c USING region_processes p WHERE c.process_id = p.id"
    " AND p.hostname = $1 AND p.pid = $2 AND c.connection_id = $3"};
const db::Statement kRefresh{
    "rack_services_refresh",
    "WITH live AS (SELECT id FROM region_processes"
    "  WHERE heartbeat > now() - make_interval(secs => $1)),"
    " total AS (SELECT count(*) AS n FROM live),"
    " conn AS (SELECT rack_node_id, count(DISTINCT process_id) AS n FROM rack_connections"
    "  WHERE heartbeat > now() - make_interval(secs => $2)"
    "  AND process_id IN (SELECT id FROM live) GROUP BY rack_node_id),"
    " state AS (SELECT n.id AS node_id,"
    "  CASE WHEN c.n IS NULL THEN 'dead' WHEN c.n >= t.n THEN 'running' ELSE 'degraded' END"
    "   AS status,"
    "  CASE WHEN c.n IS NOT NULL AND c.n >= t.n THEN ''"
    "   ELSE (coalesce(c.n, 0) * 100 / greatest(t.n, 1))::text"
    "    || '% connected to region controllers.' END AS info"
    "  FROM nodes n CROSS JOIN total t LEFT JOIN conn c ON c.rack_node_id = n.id"
    "  WHERE n.node_type IN (2, 4) AND ($3::bigint IS NULL OR n.id = $3::bigint))"
    " INSERT INTO services (node_id, name, status, status_info)"
    " SELECT node_id, 'rackd', status, info FROM state"
    " ON CONFLICT (node_id, name) DO UPDATE SET status = excluded.status,"
    " status_info = excluded.status_info WHERE services.status <> excluded.status"
    " OR services.status_info <> excluded.status_info"};

// A dead rack's dhcpd row says what the rack last reported, which is no
// longer known: unknown, until the rack reconnects and reports them again.
const db::Statement kDeadRackServices{
    "rack_services_of_dead_racks",
    "UPDATE services s SET status = 'unknown',"
    " status_info = 'rack controller not connected to any region controller'"
    " FROM services r WHERE r.node_id = s.node_id AND r.name = 'rackd' AND r.status = 'dead'"
    " AND s.name = 'dhcpd' AND s.status <> 'unknown'"
    " AND ($1::bigint IS NULL OR s.node_id = $1::bigint)"};

std::string joinWarnings(const std::vector<std::string>& warnings) {
    std::string out;
    for (const auto& w : warnings) {
        out += (out.empty() ? "" : "; ") + w;
    }
    return out;
}

}  // namespace

DbRackDirectory::DbRackDirectory(db::Pool& pool, WorkerIdentity worker)
    : pool_(pool), worker_(std::move(worker)) {}

std::string DbRackDirectory::maasUuid() {
    auto lease = pool_.acquire();
    return lease->exec(kUuid, {}).text(0, 0);
}

mr::RegisterResult DbRackDirectory::registerRack(const mr::RegisterArgs& args,
                                                 const PeerInfo& peer) {
    std::vector<std::string> macs;
    for (const auto& i : args.interfaces) {
        if (!i.mac_address.empty()) {
            macs.push_back(i.mac_address);
        }
    }
    const auto warnings = versionWarnings(args.version, worker_.version);
    try {
        return db::inTransaction(pool_, [&](db::Connection& conn) {
            conn.exec("SELECT pg_advisory_xact_lock($1)", {num(db::kRegionNodeLock)});
            mr::RegisterResult result;
            result.maas_uuid = conn.exec(kUuid, {}).text(0, 0);
            result.region_version = worker_.version;
            result.warnings = warnings;
            checkSameMaas(args.maas_uuid, result.maas_uuid);

            int64_t node_id = 0;
            const auto found = conn.exec(kFind, {args.system_id, args.hostname, pgTextArray(macs)});
            if (found.rows() > 0) {
                node_id = found.integer(0, 0);
                result.system_id = found.text(0, 1);
                conn.exec(kUpdate,
                          {num(node_id), args.hostname, args.version, joinWarnings(warnings)});
            } else {
                // An unknown system_id was deleted here (or belongs to nothing): a new id.
                do {
                    result.system_id = generateRackSystemId();
                } while (conn.exec(kSystemIdTaken, {result.system_id}).rows() > 0);
                node_id = conn.exec(kInsert, {result.system_id, args.hostname, args.version,
                                              joinWarnings(warnings)})
                              .integer(0, 0);
                db::recordEvent(conn, {db::event_types::kRackRegistered,
                                       "Rack controller '" + args.hostname + "' registered from " +
                                           peer.address + ".",
                                       result.system_id, args.hostname, "", peer.address});
            }
            recordInterfaces(conn, node_id, args.interfaces, args.gateways);
            const auto connected =
                conn.exec(kConnect, {num(node_id), worker_.hostname, num(worker_.pid),
                                     num(static_cast<int64_t>(peer.connection_id)), peer.address,
                                     args.version});
            if (connected.affected() == 0) {
                throw DirectoryError(mr::code::kInternal,
                                     "this region worker is not registered yet; retry");
            }
            refreshRackServices(conn, worker_.region_stale, kRackDead, node_id);
            return result;
        });
    } catch (const db::PgError& e) {
        if (e.isUniqueViolation()) {
            throw DirectoryError(mr::code::kBadRequest,
                                 "hostname '" + args.hostname +
                                     "' or a MAC address is already used by another node");
        }
        if (e.sqlstate() == "22P02") {
            throw DirectoryError(mr::code::kBadRequest,
                                 "an interface address is not a valid IP address");
        }
        throw DirectoryError(mr::code::kInternal, "database error; retry");
    }
}

void DbRackDirectory::heartbeat(const std::string& system_id, const PeerInfo& peer) {
    try {
        heartbeatOnce(system_id, peer);
    } catch (const db::PgError& e) {
        if (!e.isConnectionLost()) {
            throw DirectoryError(mr::code::kInternal, "database error; retry");
        }
        // The session went away (a failover, or the server ended it) and so did the pool's
        // idle ones: heartbeats are idempotent, so try once more on a fresh connection rather
        // than answer an error that makes the rack drop its link and its calls in flight.
        pool_.discardIdle();
        try {
            heartbeatOnce(system_id, peer);
        } catch (const db::PgError&) {
            throw DirectoryError(mr::code::kInternal, "database error; retry");
        }
    }
}

void DbRackDirectory::heartbeatOnce(const std::string& system_id, const PeerInfo& peer) {
    auto lease = pool_.acquire();
    const auto updated = lease->exec(kHeartbeat, {system_id, worker_.hostname, num(worker_.pid),
                                                  num(static_cast<int64_t>(peer.connection_id))});
    if (updated.affected() > 0) {
        return;
    }
    const auto node = lease->exec(kNodeId, {system_id});
    if (node.rows() == 0) {
        throw DirectoryError(mr::code::kRackDeleted,
                             "rack controller " + system_id + " was deleted");
    }
    // Our row went with a stale-worker cleanup; put it back.
    lease->exec(kConnect,
                {num(node.integer(0, 0)), worker_.hostname, num(worker_.pid),
                 num(static_cast<int64_t>(peer.connection_id)), peer.address, peer.version});
}

void DbRackDirectory::updateInterfaces(const mr::UpdateInterfacesArgs& args, const PeerInfo&) {
    try {
        db::inTransaction(pool_, [&](db::Connection& conn) {
            const auto node = conn.exec(kNodeId, {args.system_id});
            if (node.rows() == 0) {
                throw DirectoryError(mr::code::kRackDeleted,
                                     "rack controller " + args.system_id + " was deleted");
            }
            recordInterfaces(conn, node.integer(0, 0), args.interfaces, args.gateways);
        });
    } catch (const db::PgError& e) {
        if (e.isUniqueViolation()) {
            throw DirectoryError(mr::code::kBadRequest,
                                 "a MAC address is already used by another node");
        }
        if (e.sqlstate() == "22P02") {
            throw DirectoryError(mr::code::kBadRequest,
                                 "an interface address is not a valid IP address");
        }
        throw DirectoryError(mr::code::kInternal, "database error; retry");
    }
}

void DbRackDirectory::disconnected(const std::string&, const PeerInfo& peer) {
    try {
        auto lease = pool_.acquire();
        lease->exec(kDisconnect, {worker_.hostname, num(worker_.pid),
                                  num(static_cast<int64_t>(peer.connection_id))});
    } catch (const std::exception&) {
        // The row stops heartbeating and goes with the worker's row or the rack's.
    }
}

void refreshRackServices(db::Connection& conn, std::chrono::seconds region_stale,
                         std::chrono::seconds rack_dead, std::optional<int64_t> node_id) {
    const auto node = node_id ? std::optional<std::string>(num(*node_id)) : std::nullopt;
    conn.exec(kRefresh, {num(region_stale.count()), num(rack_dead.count()), node});
    conn.exec(kDeadRackServices, {node});
}

RackLiveness::RackLiveness(db::Pool& pool, const Logger& log, std::chrono::seconds region_stale,
                           std::chrono::milliseconds interval, std::function<bool()> may_run)
    : pool_(pool),
      log_(log),
      region_stale_(region_stale),
      may_run_(std::move(may_run)),
      thread_(
          interval, [this] { runOnce(); },
          [this](const std::exception& e) { log_.log(kRpcLivenessFailed, e.what()); }) {}

RackLiveness::~RackLiveness() {
    stop();
}

void RackLiveness::start() {
    thread_.start();
}

void RackLiveness::stop() {
    thread_.stop();
}

void RackLiveness::runOnce() {
    if (may_run_ && !may_run_())
        return;
    db::inTransaction(pool_, [&](db::Connection& conn) {
        const auto won =
            conn.exec("SELECT pg_try_advisory_xact_lock($1)", {num(db::kRackLivenessLock)});
        if (won.boolean(0, 0))
            refreshRackServices(conn, region_stale_, kRackDead);
    });
}

}  // namespace maas::region::rpc
