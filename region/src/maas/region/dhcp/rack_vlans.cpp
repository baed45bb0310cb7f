#include "maas/region/dhcp/rack_vlans.h"

namespace maas::region::dhcp {

using db::Statement;

std::vector<DhcpDuty> RackVlans::dhcpDutiesOf(int64_t node_id) {
    static const Statement kServed{
        "dhcp_duties_of",
        "SELECT f.name, f.id, v.vid, v.primary_rack_id = $1, v.secondary_rack_id IS NOT NULL "
        "FROM vlans v JOIN fabrics f ON f.id = v.fabric_id "
        "WHERE v.dhcp_on AND (v.primary_rack_id = $1 OR v.secondary_rack_id = $1) "
        "ORDER BY f.name, v.vid"};
    const auto r = conn_.exec(kServed, {std::to_string(node_id)});
    std::vector<DhcpDuty> out;
    for (int i = 0; i < r.rows(); ++i)
        out.push_back({r.text(i, 0), r.integer(i, 1), static_cast<int>(r.integer(i, 2)),
                       r.boolean(i, 3), r.boolean(i, 4)});
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

std::string vlanName(const DhcpDuty& duty) {
    return duty.fabric + "." + (duty.vid == 0 ? std::string("untagged") : std::to_string(duty.vid));
}

std::string rackDeleteRefusal(const std::string& hostname, const std::vector<DhcpDuty>& duties) {
    std::string names;
    std::string commands;
    for (const auto& d : duties) {
        names += (names.empty() ? "" : ", ") + vlanName(d);
        // Clearing the primary promotes the secondary (vlan update's rule), which ends DHCP HA.
        const char* change = !d.primary        ? "secondary_rack="
                             : d.has_secondary ? "primary_rack="
                                               : "dhcp_on=false";
        commands += std::string(commands.empty() ? "" : "; ") + "maas $PROFILE vlan update " +
                    std::to_string(d.fabric_id) + " " + std::to_string(d.vid) + " " + change;
    }
    return "Unable to delete '" + hostname +
           "'; it is currently set as a primary or secondary rack controller on VLANs " + names +
           ". Disable DHCP HA on those VLANs first (" + commands +
           "), or delete with force=true to move DHCP to the remaining rack controller.";
}

}  // namespace maas::region::dhcp
