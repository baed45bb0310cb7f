#pragma once

#include <optional>
#include <string>
#include <vector>

#include "maas/region/net/ranges.h"

namespace maas::region::net {

/// Address arithmetic over the 128-bit space (IPv4 in the low 32 bits).
using AddressNumber = unsigned __int128;
AddressNumber toNumber(const IpAddress& ip);
IpAddress fromNumber(AddressNumber value, int family);

/// An inclusive run of addresses and why they are taken ("gateway-ip", "dynamic", ...), as
/// MAAS's MAASIPRange.
struct AddressSpan {
    IpAddress first;
    IpAddress last;
    std::vector<std::string> purposes;

    AddressNumber size() const { return toNumber(last) - toNumber(first) + 1; }
};

/// Sorted, overlapping spans merged (purposes joined, sorted), adjacent spans with the same
/// purposes joined; spans outside the subnet dropped, the rest clipped to it.
std::vector<AddressSpan> normaliseSpans(const Cidr& subnet, std::vector<AddressSpan> spans);

/// The subnet's addresses MAAS hands out: all of it, less the IPv4 network and broadcast
/// addresses on networks larger than /31.
AddressSpan usableWindow(const Cidr& subnet);

/// The usable addresses in none of the in-use spans (MAAS's get_ipranges_not_in_use).
std::vector<AddressSpan> unusedSpans(const Cidr& subnet, const std::vector<AddressSpan>& in_use);

/// MAAS's next address for allocation: the first address of the smallest free run (the lowest
/// such run on a tie), which keeps large runs whole. nullopt when the subnet is full.
std::optional<IpAddress> nextForAllocation(const Cidr& subnet,
                                           const std::vector<AddressSpan>& in_use);

/// What `subnet statistics` reports (MAAS's IPRangeStatistics).
struct SubnetStatistics {
    AddressNumber total = 0;
    AddressNumber available = 0;
    AddressNumber largest_available = 0;
    IpAddress first_address;
    IpAddress last_address;
    double usage() const;
    /// Python's "{:.0%}" of usage() and of 1 - usage().
    std::string usageString() const;
    std::string availableString() const;
};
SubnetStatistics subnetStatistics(const Cidr& subnet, const std::vector<AddressSpan>& in_use);

/// MAAS's always-reserved IPv6 spans: the subnet-router anycast address (RFC 4291 2.6.1) below
/// /127, and ::1 to ::ffff:ffff of a /64.
std::vector<AddressSpan> protocolReservedSpans(const Cidr& subnet);

}  // namespace maas::region::net
