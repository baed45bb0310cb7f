#include "maas/region/dhcp/ha_view_store.h"

#include <map>

namespace maas::region::dhcp {

namespace {

const db::Statement kRacks{
    "dhcp_ha_view_racks",
    "SELECT v.id, v.vid, f.name, v.dhcp_on,"
    "  CASE WHEN n.id = v.primary_rack_id THEN 'primary' ELSE 'secondary' END AS role,"
    "  n.system_id, n.hostname,"
    "  coalesce((SELECT status FROM services WHERE node_id = n.id AND name = 'rackd'),"
    "   'unknown'),"
    "  s.state, s.partner_state, s.link_up, s.backlog, s.last_contact_ms_ago,"
    "  (extract(epoch FROM now() - s.updated) * 1000)::bigint, s.allocation,"
    "  s.ack_latency_avg_us, s.last_failover_ms_ago, s.last_failover_reason"
    " FROM vlans v JOIN fabrics f ON f.id = v.fabric_id"
    " JOIN nodes n ON n.id IN (v.primary_rack_id, v.secondary_rack_id)"
    " LEFT JOIN dhcp_ha_status s ON s.node_id = n.id"
    " WHERE v.secondary_rack_id IS NOT NULL AND ($1::bigint IS NULL OR v.id = $1::bigint)"
    " ORDER BY v.id, role"};

const db::Statement kTakeovers{
    "dhcp_ha_view_takeovers",
    "SELECT DISTINCT ON (t.vlan_id) t.vlan_id, count(*) OVER (PARTITION BY t.vlan_id),"
    "  to_char(t.at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), t.reason,"
    "  coalesce(n.hostname, '')"
    " FROM dhcp_ha_takeovers t LEFT JOIN nodes n ON n.id = t.survivor_id"
    " WHERE ($1::bigint IS NULL OR t.vlan_id = $1::bigint)"
    " ORDER BY t.vlan_id, t.at DESC"};

HaRackView rackAt(const db::Result& r, int row) {
    HaRackView v;
    v.role = r.text(row, 4);
    v.system_id = r.text(row, 5);
    v.hostname = r.text(row, 6);
    v.rackd = r.text(row, 7);
    v.reported = !r.isNull(row, 8);
    if (!v.reported) {
        v.state = "unknown";
        return v;
    }
    v.reported_state = r.text(row, 8);
    v.partner_state = r.text(row, 9);
    v.link_up = r.boolean(row, 10);
    v.backlog = r.integer(row, 11);
    v.last_contact_ms_ago = r.integer(row, 12);
    v.report_ms_ago = r.integer(row, 13);
    v.state = v.report_ms_ago <= kHaReportFreshMs ? v.reported_state : "unknown";
    v.allocation = r.text(row, 14);
    v.update_latency_us = r.integer(row, 15);
    v.last_failover_ms_ago = r.integer(row, 16);
    v.last_failover_reason = r.text(row, 17);
    if (v.state == "unknown")
        v.link_up = false;  // a stale report says nothing about the link now
    return v;
}

}  // namespace

std::vector<HaVlanView> loadHaViews(db::Connection& conn, std::optional<int64_t> vlan_id) {
    const db::Params params{vlan_id ? std::optional<std::string>(std::to_string(*vlan_id))
                                    : std::nullopt};
    std::vector<HaVlanView> views;
    std::map<int64_t, size_t> index;
    const auto r = conn.exec(kRacks, params);
    for (int row = 0; row < r.rows(); ++row) {
        const int64_t id = r.integer(row, 0);
        auto [it, added] = index.try_emplace(id, views.size());
        if (added) {
            HaVlanView v;
            v.vlan_id = id;
            v.vid = static_cast<int>(r.integer(row, 1));
            v.fabric = r.text(row, 2);
            v.dhcp_on = r.boolean(row, 3);
            views.push_back(std::move(v));
        }
        views[it->second].racks.push_back(rackAt(r, row));
    }
    const auto t = conn.exec(kTakeovers, params);
    for (int row = 0; row < t.rows(); ++row) {
        const auto it = index.find(t.integer(row, 0));
        if (it == index.end())
            continue;
        auto& v = views[it->second];
        v.takeovers = t.integer(row, 1);
        v.last_takeover_at = t.text(row, 2);
        v.last_takeover_reason = t.text(row, 3);
        v.last_takeover_rack = t.text(row, 4);
    }
    return views;
}

}  // namespace maas::region::dhcp
