#include "maas/region/notify/health_sweep.h"

#include "maas/common/tls_cert.h"
#include "maas/region/db/lock_keys.h"
#include "maas/region/db/pool.h"
#include "maas/region/notify/notification_store.h"

namespace maas::region::notify {

namespace {

const db::Statement kControllers{
    "health_controllers",
    "SELECT n.system_id, n.hostname, n.node_type IN (2, 4), n.version, coalesce(s.status, '')"
    " FROM nodes n LEFT JOIN services s ON s.node_id = n.id AND s.name = 'rackd'"
    " WHERE n.node_type IN (2, 3, 4) ORDER BY n.hostname"};
const db::Statement kPruneFalls{"health_prune_falls",
                                "DELETE FROM service_failures"
                                " WHERE at < now() - make_interval(secs => $1)"};
const db::Statement kFalls{
    "health_service_falls",
    "SELECT n.system_id, n.hostname, f.name, count(*), s.status FROM service_failures f"
    " JOIN nodes n ON n.id = f.node_id"
    " JOIN services s ON s.node_id = f.node_id AND s.name = f.name"
    " WHERE f.at >= now() - make_interval(secs => $1)"
    " GROUP BY n.system_id, n.hostname, f.name, s.status ORDER BY n.hostname, f.name"};
const db::Statement kDhcpVlans{
    "health_dhcp_vlans",
    "SELECT v.id, f.name || '.' || CASE WHEN v.vid = 0 THEN 'untagged' ELSE v.vid::text END,"
    " r.role, n.hostname, coalesce(rs.status, ''), coalesce(ds.status, '')"
    " FROM vlans v JOIN fabrics f ON f.id = v.fabric_id"
    " LEFT JOIN LATERAL (VALUES ('primary', v.primary_rack_id), ('secondary', v.secondary_rack_id))"
    "  AS r(role, node_id) ON r.node_id IS NOT NULL"
    " LEFT JOIN nodes n ON n.id = r.node_id"
    " LEFT JOIN services rs ON rs.node_id = r.node_id AND rs.name = 'rackd'"
    " LEFT JOIN services ds ON ds.node_id = r.node_id AND ds.name = 'dhcpd'"
    " WHERE v.dhcp_on AND v.relay_vlan_id IS NULL ORDER BY v.id, r.role"};
const db::Statement kTls{"health_tls", "SELECT cert_pem FROM tls_config"};
const db::Statement kRegionServices{
    "health_region_services",
    "WITH workers AS (SELECT node_id, count(*) FILTER ("
    "  WHERE heartbeat > now() - make_interval(secs => $1)) AS live,"
    "  max(num_workers) AS expected FROM region_processes GROUP BY node_id),"
    " state AS (SELECT n.id AS node_id, coalesce(w.live, 0) AS live,"
    "  greatest(coalesce(w.expected, 1), coalesce(w.live, 0)) AS expected"
    "  FROM nodes n LEFT JOIN workers w ON w.node_id = n.id WHERE n.node_type IN (3, 4))"
    " INSERT INTO services (node_id, name, status, status_info)"
    " SELECT node_id, 'regiond',"
    "  CASE WHEN live = 0 THEN 'dead' WHEN live < expected THEN 'degraded' ELSE 'running' END,"
    "  CASE WHEN live = 0 THEN 'no worker heartbeating'"
    "   WHEN live < expected THEN live || ' of ' || expected || ' workers running' ELSE '' END"
    " FROM state"
    " ON CONFLICT (node_id, name) DO UPDATE SET status = excluded.status,"
    " status_info = excluded.status_info WHERE services.status <> excluded.status"
    " OR services.status_info <> excluded.status_info"};

std::string num(int64_t v) {
    return std::to_string(v);
}

void readDhcpVlans(db::Connection& conn, HealthFacts& facts) {
    const auto r = conn.exec(kDhcpVlans, {});
    for (int i = 0; i < r.rows(); ++i) {
        const auto id = r.integer(i, 0);
        if (facts.dhcp_vlans.empty() || facts.dhcp_vlans.back().vlan_id != id)
            facts.dhcp_vlans.push_back({id, r.text(i, 1), {}});
        if (!r.isNull(i, 2) && !r.isNull(i, 3))
            facts.dhcp_vlans.back().servers.push_back(
                {r.text(i, 3), r.text(i, 2), r.text(i, 4), r.text(i, 5)});
    }
}

}  // namespace

HealthFacts readHealthFacts(db::Connection& conn) {
    HealthFacts facts;
    facts.now = std::chrono::system_clock::now();
    const auto controllers = conn.exec(kControllers, {});
    for (int i = 0; i < controllers.rows(); ++i)
        facts.controllers.push_back({controllers.text(i, 0), controllers.text(i, 1),
                                     controllers.boolean(i, 2), controllers.text(i, 3),
                                     controllers.text(i, 4)});
    const auto window = num(std::chrono::seconds(kCrashLoopWindow).count());
    conn.exec(kPruneFalls, {window});
    const auto falls = conn.exec(kFalls, {window});
    for (int i = 0; i < falls.rows(); ++i)
        facts.service_falls.push_back({falls.text(i, 0), falls.text(i, 1), falls.text(i, 2),
                                       falls.integer(i, 3), falls.text(i, 4)});
    readDhcpVlans(conn, facts);
    const auto tls = conn.exec(kTls, {});
    if (tls.rows() == 1) {
        try {
            const auto cert = tls::certificateFacts(tls.text(0, 0));
            facts.tls = TlsFact{cert.subject, cert.not_after};
        } catch (const tls::MaterialError&) {
            // `maas config-tls enable` checked it; a damaged row is the TLS listener's to report.
        }
    }
    return facts;
}

void refreshRegionServices(db::Connection& conn, std::chrono::seconds stale) {
    conn.exec(kRegionServices, {num(stale.count())});
}

HealthSweep::HealthSweep(db::Pool& pool, const Logger& log, std::chrono::seconds region_stale,
                         std::function<bool()> leading, std::chrono::milliseconds period)
    : pool_(pool),
      log_(log),
      region_stale_(region_stale),
      leading_(std::move(leading)),
      thread_(
          period,
          [this] {
              if (!leading_ || leading_())
                  runOnce();
          },
          [this](const std::exception& e) { log_.log(kHealthSweepFailed, e.what()); }) {}

HealthSweep::~HealthSweep() {
    stop();
}

void HealthSweep::start() {
    thread_.start();
}

void HealthSweep::stop() {
    thread_.stop();
}

std::vector<RaisedNotification> HealthSweep::afterGrace(std::vector<RaisedNotification> raised) {
    const auto now = std::chrono::steady_clock::now();
    std::map<std::string, std::chrono::steady_clock::time_point> seen;
    std::vector<RaisedNotification> out;
    for (auto& r : raised) {
        const auto known = first_seen_.find(r.ident);
        const auto since = known == first_seen_.end() ? now : known->second;
        seen[r.ident] = since;
        const bool needs_grace = r.ident.starts_with("dhcp_no_server:");
        if (!needs_grace || now - since >= kDhcpNoServerGrace)
            out.push_back(std::move(r));
    }
    first_seen_ = std::move(seen);
    return out;
}

void HealthSweep::runOnce() {
    std::pair<int, int> changed{0, 0};
    db::inTransaction(pool_, [&](db::Connection& conn) {
        if (!conn.exec("SELECT pg_try_advisory_xact_lock($1)", {num(db::kHealthSweepLock)})
                 .boolean(0, 0))
            return;
        refreshRegionServices(conn, region_stale_);
        const auto raised = afterGrace(raisedNotifications(readHealthFacts(conn)));
        changed = NotificationStore(conn).syncRaised(raised);
    });
    if (changed.first > 0 || changed.second > 0)
        log_.log(kNotificationRaised, "notifications changed",
                 {{"raised", std::to_string(changed.first)},
                  {"cleared", std::to_string(changed.second)}});
}

}  // namespace maas::region::notify
