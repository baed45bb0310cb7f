#include "maas/region/dhcp/ha_witness.h"

#include "maas/region/db/event_log.h"
#include "maas/rpc/commands.h"
#include "maas/rpc/dhcp_ha_commands.h"

namespace maas::region::dhcp {

namespace mr = maas::rpc;

namespace {

// Per rack: when any worker last heard it (a live connection's heartbeat, or the one kept on
// the node when its connections went) and its hook's last report, in the database's clock.
const db::Statement kPairs{
    "dhcp_ha_witness_pairs",
    "WITH heard AS (SELECT n.id, n.system_id, n.hostname,"
    "  (extract(epoch FROM now() - greatest(max(c.heartbeat), n.last_seen)) * 1000)::bigint"
    "   AS ago"
    "  FROM nodes n LEFT JOIN rack_connections c ON c.rack_node_id = n.id"
    "  WHERE n.node_type IN (2, 4) GROUP BY n.id),"
    " rack AS (SELECT h.*, coalesce(s.state, 'unknown') AS state,"
    "  coalesce(s.holds_partner_leases, false) AS holds,"
    "  (extract(epoch FROM now() - s.updated) * 1000)::bigint AS report_ago"
    "  FROM heard h LEFT JOIN dhcp_ha_status s ON s.node_id = h.id)"
    " SELECT v.id, p.id, p.system_id, p.hostname, p.ago, p.state, p.holds, p.report_ago,"
    "  s.id, s.system_id, s.hostname, s.ago, s.state, s.holds, s.report_ago"
    " FROM vlans v JOIN rack p ON p.id = v.primary_rack_id"
    " JOIN rack s ON s.id = v.secondary_rack_id WHERE v.dhcp_on ORDER BY v.id"};

const db::Statement kRecord{"dhcp_ha_takeover_record",
                            "INSERT INTO dhcp_ha_takeovers (vlan_id, survivor_id, dead_id, reason)"
                            " VALUES ($1, $2, $3, $4)"};

const db::Statement kStoreStatus{
    "dhcp_ha_status_store",
    "INSERT INTO dhcp_ha_status (node_id, role, state, partner_state, link_up, backlog,"
    "  last_contact_ms_ago, holds_partner_leases, allocation, last_failover_ms_ago,"
    "  last_failover_reason, ack_latency_avg_us, updated)"
    " SELECT id, $2, $3, $4, $5::boolean, $6, $7, $8::boolean, $9, $10, $11, $12, now()"
    " FROM nodes WHERE system_id = $1 AND node_type IN (2, 4)"
    " ON CONFLICT (node_id) DO UPDATE SET role = excluded.role, state = excluded.state,"
    "  partner_state = excluded.partner_state, link_up = excluded.link_up,"
    "  backlog = excluded.backlog, last_contact_ms_ago = excluded.last_contact_ms_ago,"
    "  holds_partner_leases = excluded.holds_partner_leases, allocation = excluded.allocation,"
    "  last_failover_ms_ago = excluded.last_failover_ms_ago,"
    "  last_failover_reason = excluded.last_failover_reason,"
    "  ack_latency_avg_us = excluded.ack_latency_avg_us, updated = now()"};

WitnessRack rackAt(const db::Result& r, int row, int col) {
    WitnessRack rack;
    rack.node_id = r.integer(row, col);
    rack.system_id = r.text(row, col + 1);
    rack.hostname = r.text(row, col + 2);
    rack.heard_ms_ago = r.optInteger(row, col + 3);
    rack.state = r.text(row, col + 4);
    rack.holds_partner_leases = r.boolean(row, col + 5);
    rack.report_ms_ago = r.optInteger(row, col + 6);
    return rack;
}

std::string flag(bool b) {
    return b ? "true" : "false";
}

}  // namespace

HaWitness::HaWitness(db::Pool& pool, power::RackCaller caller, const Logger& log,
                     WitnessPolicy policy, std::function<bool()> leading,
                     std::chrono::milliseconds period)
    : pool_(pool),
      caller_(std::move(caller)),
      log_(log),
      policy_(policy),
      leading_(std::move(leading)),
      thread_(
          period, [this] { runOnce(); },
          [this](const std::exception& e) { log_.log(kDhcpHaWitnessFailed, e.what()); }) {}

HaWitness::~HaWitness() {
    stop();
}

void HaWitness::start() {
    thread_.start();
}

void HaWitness::stop() {
    thread_.stop();
}

void HaWitness::runOnce() {
    if (leading_ && !leading_())
        return;  // one witness for the cluster: the leading worker
    std::vector<WitnessPair> pairs;
    {
        auto conn = pool_.acquire();
        const auto r = conn->exec(kPairs, {});
        for (int row = 0; row < r.rows(); ++row)
            pairs.push_back(WitnessPair{r.integer(row, 0), rackAt(r, row, 1), rackAt(r, row, 8)});
    }
    const auto now = std::chrono::steady_clock::now();
    for (const auto& pair : pairs) {
        const auto decided = witnessOrder(pair, policy_);
        if (!decided)
            continue;
        // Once ordered, wait for the survivor's reports to show it before ordering again.
        auto last = ordered_.find(pair.vlan_id);
        if (last != ordered_.end() &&
            now - last->second < std::chrono::milliseconds(policy_.report_fresh_ms + 2000))
            continue;
        ordered_[pair.vlan_id] = now;
        order(*decided);
    }
}

void HaWitness::order(const TakeoverOrder& o) {
    const auto answer =
        caller_(o.survivor->system_id, mr::command::kDhcpPartnerDown,
                mr::toJson(mr::DhcpPartnerDownArgs{o.fence_wait_ms}), std::chrono::seconds(5));
    if (answer.kind != mr::MessageKind::Reply) {
        log_.log(kDhcpHaWitnessFailed,
                 "takeover order to " + o.survivor->hostname + " failed: " + answer.text,
                 {{"vlan", std::to_string(o.vlan_id)}});
        return;
    }
    log_.log(kDhcpHaTakeover, o.reason,
             {{"vlan", std::to_string(o.vlan_id)},
              {"survivor", o.survivor->hostname},
              {"fence-wait-ms", std::to_string(o.fence_wait_ms)}});
    auto conn = pool_.acquire();
    db::Transaction tx(*conn);
    conn->exec(kRecord, {std::to_string(o.vlan_id), std::to_string(o.survivor->node_id),
                         std::to_string(o.dead->node_id), o.reason});
    db::recordEvent(*conn, {db::event_types::kDhcpTakeover,
                            o.survivor->hostname + " takes over the DHCP pool of " +
                                o.dead->hostname + ": " + o.reason,
                            o.survivor->system_id, o.survivor->hostname, "", ""});
    tx.commit();
}

mr::RpcMessage storeHaStatus(db::Pool& pool, const mr::RpcMessage& request,
                             const std::string& rack_system_id, const Logger& log) {
    try {
        const auto s = mr::decodeDhcpHaStatus(*request.body);
        if (s.system_id != rack_system_id)
            return mr::RpcMessage::error(request.id, mr::code::kBadRequest,
                                         "DHCPHAStatus: system_id: not this connection's rack");
        auto conn = pool.acquire();
        conn->exec(kStoreStatus, {s.system_id, s.role, s.state, s.partner_state, flag(s.link_up),
                                  std::to_string(s.backlog), std::to_string(s.last_contact_ms_ago),
                                  flag(s.holds_partner_leases), s.allocation,
                                  std::to_string(s.last_failover_ms_ago), s.last_failover_reason,
                                  std::to_string(s.ack_latency_avg_us)});
        return mr::RpcMessage::reply(request.id, nullptr);
    } catch (const mr::MessageError& e) {
        return mr::RpcMessage::error(request.id, mr::code::kBadRequest, e.what());
    } catch (const std::exception& e) {
        log.log(kDhcpHaWitnessFailed, "rack " + rack_system_id + ": " + e.what());
        return mr::RpcMessage::error(request.id, mr::code::kInternal, "could not store the report");
    }
}

}  // namespace maas::region::dhcp
