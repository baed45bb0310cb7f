#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "maas/region/api/errors.h"
#include "maas/common/ip.h"

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

/// Checks an IP range against its subnet and the subnet's other ranges (pure). Field errors are
/// keyed start_ip, end_ip, type or __all__ as MAAS does.
api::FieldErrors validateIpRange(const Cidr& subnet, const std::string& type,
                                 const std::string& start_text, const std::string& end_text,
                                 const std::vector<ExistingRange>& others,
                                 std::optional<int64_t> self_id = std::nullopt);

}  // namespace maas::region::net
