#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "maas/common/ip.h"
#include "maas/region/api/errors.h"

namespace maas::region::net {

// Addresses and networks are common (maas/common/ip.h); ranges are the region's.
using maas::net::Cidr;
using maas::net::IpAddress;
using maas::net::maskAddress;
using maas::net::parseCidr;

struct ExistingRange {
    int64_t id;
    std::string type;
    IpAddress start;
    IpAddress end;
};

/// Checks an IP range as MAAS's models/iprange.py does (pure): inside the subnet, neither the
/// network nor the (IPv4) broadcast address, no overlap with the subnet's other ranges, and for
/// a dynamic range none of in_use (gateway, DNS servers, addresses of controllers and
/// machines). Field errors are keyed start_ip, end_ip, type or __all__ and worded as MAAS's.
api::FieldErrors validateIpRange(const Cidr& subnet, const std::string& type,
                                 const std::string& start_text, const std::string& end_text,
                                 const std::vector<ExistingRange>& others,
                                 std::optional<int64_t> self_id = std::nullopt,
                                 const std::vector<IpAddress>& in_use = {});

}  // namespace maas::region::net
