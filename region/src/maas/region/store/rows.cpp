#include "maas/region/store/rows.h"

namespace maas::region::store {

api::Vlan readVlan(const db::Result& r, int row, int c) {
    api::Vlan v;
    v.id = r.integer(row, c);
    v.fabric_id = r.integer(row, c + 1);
    v.fabric_name = r.text(row, c + 2);
    v.vid = static_cast<int>(r.integer(row, c + 3));
    v.name = r.optText(row, c + 4);
    v.description = r.text(row, c + 5);
    v.mtu = static_cast<int>(r.integer(row, c + 6));
    v.dhcp_on = r.boolean(row, c + 7);
    v.external_dhcp = r.optText(row, c + 8);
    v.primary_rack = r.optText(row, c + 9);
    v.secondary_rack = r.optText(row, c + 10);
    v.relay_vlan_id = r.optInteger(row, c + 11);
    v.space = r.optText(row, c + 12);
    return v;
}

api::Subnet readSubnet(const db::Result& r, int row, int c) {
    api::Subnet s;
    s.id = r.integer(row, c);
    s.name = r.text(row, c + 1);
    s.description = r.text(row, c + 2);
    s.cidr = r.text(row, c + 3);
    s.gateway_ip = r.optText(row, c + 4);
    const std::string dns = r.text(row, c + 5);
    size_t start = 0;
    while (start < dns.size()) {
        const size_t space = dns.find(' ', start);
        s.dns_servers.push_back(dns.substr(start, space - start));
        if (space == std::string::npos)
            break;
        start = space + 1;
    }
    s.managed = r.boolean(row, c + 6);
    s.allow_dns = r.boolean(row, c + 7);
    s.allow_proxy = r.boolean(row, c + 8);
    s.active_discovery = r.boolean(row, c + 9);
    s.rdns_mode = static_cast<int>(r.integer(row, c + 10));
    s.vlan = readVlan(r, row, c + kSubnetColumnCount);
    return s;
}

std::string subnetSelect() {
    return std::string("SELECT ") + kSubnetColumns + ", " + kVlanColumns +
           " FROM subnets s JOIN vlans v ON v.id = s.vlan_id " + kVlanJoins;
}

}  // namespace maas::region::store
