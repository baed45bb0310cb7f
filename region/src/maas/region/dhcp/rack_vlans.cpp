#include "maas/region/dhcp/rack_vlans.h"

namespace maas::region::dhcp {

using db::Statement;

std::vector<std::string> RackVlans::dhcpVlansServedBy(int64_t node_id) {
    static const Statement kServed{
        "dhcp_vlans_served_by",
        "SELECT f.name || '.' || v.vid FROM vlans v JOIN fabrics f ON f.id = v.fabric_id "
        "WHERE v.dhcp_on AND (v.primary_rack_id = $1 OR v.secondary_rack_id = $1) "
        "ORDER BY f.name, v.vid"};
    const auto r = conn_.exec(kServed, {std::to_string(node_id)});
    std::vector<std::string> out;
    for (int i = 0; i < r.rows(); ++i)
        out.push_back(r.text(i, 0));
    return out;
}

bool RackVlans::rackAlive(const std::string& system_id) {
    static const Statement kAlive{
        "dhcp_rack_alive",
        "SELECT 1 FROM services s JOIN nodes n ON n.id = s.node_id "
        "WHERE n.system_id = $1 AND s.name = 'rackd' AND s.status IN ('running', 'degraded')"};
    return conn_.exec(kAlive, {system_id}).rows() > 0;
}

void RackVlans::releaseDhcpDuties(int64_t node_id) {
    static const Statement kLock{
        "dhcp_release_lock",
        "SELECT id FROM vlans WHERE primary_rack_id = $1 OR secondary_rack_id = $1 FOR UPDATE"};
    static const Statement kPromote{
        "dhcp_release_promote",
        "UPDATE vlans SET primary_rack_id = secondary_rack_id, secondary_rack_id = NULL, "
        "dhcp_on = dhcp_on AND secondary_rack_id IS NOT NULL, updated = now() "
        "WHERE primary_rack_id = $1"};
    static const Statement kDropSecondary{
        "dhcp_release_secondary",
        "UPDATE vlans SET secondary_rack_id = NULL, updated = now() WHERE secondary_rack_id = $1"};
    const db::Params node{std::to_string(node_id)};
    conn_.exec(kLock, node);
    conn_.exec(kPromote, node);
    conn_.exec(kDropSecondary, node);
}

std::string rackDeleteRefusal(const std::string& hostname, const std::vector<std::string>& vlans) {
    std::string names;
    for (const auto& v : vlans)
        names += (names.empty() ? "" : ", ") + v;
    return "Unable to delete '" + hostname +
           "'; it is currently set as a primary or secondary rack controller on VLANs " + names +
           ". Disable DHCP HA on those VLANs first (or delete with force=true to move DHCP to "
           "the remaining rack controller).";
}

}  // namespace maas::region::dhcp
