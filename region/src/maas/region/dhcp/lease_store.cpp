#include "maas/region/dhcp/lease_store.h"

namespace maas::region::dhcp {

std::vector<LeaseRow> currentLeases(db::Connection& conn, std::optional<int64_t> subnet_id) {
    static const db::Statement kLeases{
        "dhcp_current_leases",
        "SELECT host(l.ip), l.mac_address, l.hostname, l.subnet_id,"
        " to_char(l.updated AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US'),"
        " to_char(l.expires AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS'),"
        " n.system_id, n.hostname"
        " FROM dhcp_leases l LEFT JOIN nodes n ON n.id = l.rack_node_id"
        " WHERE l.expires > now() AND ($1::bigint IS NULL OR l.subnet_id = $1::bigint)"
        " ORDER BY l.ip"};
    const auto r = conn.exec(
        kLeases,
        {subnet_id ? std::optional<std::string>(std::to_string(*subnet_id)) : std::nullopt});
    std::vector<LeaseRow> out;
    for (int i = 0; i < r.rows(); ++i)
        out.push_back({r.text(i, 0), r.text(i, 1), r.text(i, 2), r.optInteger(i, 3), r.text(i, 4),
                       r.text(i, 5), r.optText(i, 6), r.optText(i, 7)});
    return out;
}

}  // namespace maas::region::dhcp
