#include "maas/region/api/address_allocation.h"

#include "maas/region/api/errors.h"
#include "maas/region/net/address_space.h"
#include "maas/region/store/address_store.h"
#include "maas/region/store/network_store.h"

namespace maas::region::api {

namespace {

void checkRequested(db::Connection& conn, const Subnet& subnet, const net::Cidr& cidr,
                    const net::IpAddress& ip) {
    const auto text = ip.toString();
    if (store::AddressStore(conn).addressTaken(text))
        throw ApiError(404, "The IP address " + text + " is already in use.");
    if (!cidr.contains(ip))
        throw ApiError(403, text + " is not within subnet CIDR: " + subnet.cidr);
    for (const auto* type : {"dynamic", "reserved"})
        if (const auto range = rangeHolding(conn, subnet, ip, type))
            throw ApiError(404, text + " is within the " + type + " range from " + range->start_ip +
                                    " to " + range->end_ip);
}

}  // namespace

std::optional<IpRange> rangeHolding(db::Connection& conn, const Subnet& subnet,
                                    const net::IpAddress& ip, const std::string& type) {
    for (const auto& range : store::NetworkStore(conn).ipRanges()) {
        const auto start = net::IpAddress::parse(range.start_ip);
        const auto end = net::IpAddress::parse(range.end_ip);
        if (range.subnet.id == subnet.id && range.type == type && start && end &&
            start->family == ip.family && !(ip < *start) && !(*end < ip))
            return range;
    }
    return std::nullopt;
}

std::string allocateAddress(db::Connection& conn, const Subnet& subnet,
                            const std::optional<net::IpAddress>& requested) {
    store::AddressStore addresses(conn);
    addresses.lockAllocation();
    std::string problem;
    const auto cidr = net::parseCidr(subnet.cidr, problem);
    if (!cidr)
        throw ApiError(503, "No more IPs available in subnet: " + subnet.cidr + ".");
    if (requested) {
        checkRequested(conn, subnet, *cidr, *requested);
        return requested->toString();
    }
    const auto next = net::nextForAllocation(*cidr, addresses.inUse(subnet, *cidr));
    if (!next)
        throw ApiError(503, "No more IPs available in subnet: " + subnet.cidr + ".");
    return next->toString();
}

}  // namespace maas::region::api
