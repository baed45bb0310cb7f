#pragma once

#include <string>

#include "maas/region/api/models.h"
#include "maas/region/db/pg.h"

namespace maas::region::store {

/// Column lists and readers shared by the stores, so every query shapes a VLAN or subnet the
/// same way. Each reader takes the first column index of its block.
inline constexpr const char* kVlanColumns =
    "v.id, v.fabric_id, f.name, v.vid, v.name, v.description, v.mtu, v.dhcp_on, "
    "v.external_dhcp, pr.system_id, sr.system_id, v.relay_vlan_id, v.space";
inline constexpr int kVlanColumnCount = 13;
inline constexpr const char* kVlanJoins =
    "JOIN fabrics f ON f.id = v.fabric_id LEFT JOIN nodes pr ON pr.id = v.primary_rack_id "
    "LEFT JOIN nodes sr ON sr.id = v.secondary_rack_id";

inline constexpr const char* kSubnetColumns =
    "s.id, s.name, s.description, s.cidr, host(s.gateway_ip), "
    "array_to_string(s.dns_servers, ' '), s.managed, s.allow_dns, s.allow_proxy, "
    "s.active_discovery, s.rdns_mode";
inline constexpr int kSubnetColumnCount = 11;

api::Vlan readVlan(const db::Result& r, int row, int col);
/// Subnet columns at col, followed by the VLAN columns of its VLAN.
api::Subnet readSubnet(const db::Result& r, int row, int col);

/// "SELECT <subnet cols>, <vlan cols> FROM subnets s JOIN vlans v ... " for subnet queries.
std::string subnetSelect();

}  // namespace maas::region::store
