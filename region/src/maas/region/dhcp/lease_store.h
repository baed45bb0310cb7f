#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "maas/region/db/pg.h"

namespace maas::region::dhcp {

/// MAAS's IP address allocation type of a DHCP lease (IPADDRESS_TYPE.DHCP).
inline constexpr int kAllocTypeDhcp = 5;

/// A current lease as the racks reported it (dhcp_leases, migration 0030).
struct LeaseRow {
    std::string ip;
    std::string mac_address;
    std::string hostname;
    std::optional<int64_t> subnet_id;
    std::string created;  ///< ISO 8601 (the latest report)
    std::string expires;  ///< ISO 8601
    std::optional<std::string> rack_system_id;
    std::optional<std::string> rack_hostname;
};

/// Leases not yet expired, optionally of one subnet, ordered by address.
std::vector<LeaseRow> currentLeases(db::Connection& conn,
                                    std::optional<int64_t> subnet_id = std::nullopt);

}  // namespace maas::region::dhcp
