#pragma once

#include <optional>
#include <string>

#include "maas/region/api/models.h"
#include "maas/region/db/pg.h"
#include "maas/region/net/ranges.h"

namespace maas::region::api {

/// The subnet's range of this type ("dynamic" or "reserved") that holds ip, if any.
std::optional<IpRange> rangeHolding(db::Connection& conn, const Subnet& subnet,
                                    const net::IpAddress& ip, const std::string& type);

/// An address for a new static link or reservation on the subnet, as MAAS's
/// StaticIPAddress.allocate_new: the requested one when it lies in the subnet, outside its
/// dynamic and reserved ranges and held by no link or reservation (leases do not count);
/// otherwise the next free address. Takes the allocation lock for the transaction. Throws
/// MAAS's errors: 403 outside the subnet, 404 unavailable, 503 when the subnet is full.
std::string allocateAddress(db::Connection& conn, const Subnet& subnet,
                            const std::optional<net::IpAddress>& requested);

}  // namespace maas::region::api
