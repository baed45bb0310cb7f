#include "maas/region/store/address_store.h"

#include "maas/region/db/lock_keys.h"
#include "maas/region/store/params.h"

namespace maas::region::store {

namespace {

void addSpan(std::vector<net::AddressSpan>& out, const std::string& first, const std::string& last,
             const std::string& purpose) {
    const auto a = net::IpAddress::parse(first);
    const auto b = net::IpAddress::parse(last);
    if (a && b)
        out.push_back({*a, *b, {purpose}});
}

}  // namespace

void AddressStore::lockAllocation() {
    conn_.exec("SELECT pg_advisory_xact_lock($1)", {num(db::kAddressAllocationLock)});
}

std::vector<net::AddressSpan> AddressStore::inUse(const api::Subnet& subnet,
                                                  const net::Cidr& cidr) {
    auto out = net::protocolReservedSpans(cidr);
    if (subnet.gateway_ip)
        addSpan(out, *subnet.gateway_ip, *subnet.gateway_ip, "gateway-ip");
    for (const auto& dns : subnet.dns_servers)
        addSpan(out, dns, dns, "dns-server");
    static const db::Statement kRanges{
        "address_ranges_in_use",
        "SELECT host(start_ip), host(end_ip), type FROM ipranges WHERE subnet_id = $1"};
    const auto ranges = conn_.exec(kRanges, {num(subnet.id)});
    for (int i = 0; i < ranges.rows(); ++i)
        addSpan(out, ranges.text(i, 0), ranges.text(i, 1), ranges.text(i, 2));
    // Addresses inside the CIDR count whatever subnet row they hang on, as MAAS's check does.
    static const db::Statement kAssigned{
        "address_assigned_in_subnet",
        "SELECT host(ip) FROM interface_addresses WHERE ip IS NOT NULL AND ip <<= $1::cidr"
        " UNION SELECT host(ip) FROM dhcp_leases WHERE ip <<= $1::cidr AND expires > now()"
        " UNION SELECT host(ip) FROM ip_reservations WHERE ip <<= $1::cidr"};
    const auto assigned = conn_.exec(kAssigned, {subnet.cidr});
    for (int i = 0; i < assigned.rows(); ++i)
        addSpan(out, assigned.text(i, 0), assigned.text(i, 0), "assigned-ip");
    return out;
}

bool AddressStore::addressTaken(const std::string& ip) {
    static const db::Statement kTaken{
        "address_taken",
        "SELECT EXISTS (SELECT 1 FROM interface_addresses WHERE host(ip) = host($1::inet))"
        " OR EXISTS (SELECT 1 FROM ip_reservations WHERE ip = $1::inet)"};
    return conn_.exec(kTaken, {ip}).boolean(0, 0);
}

int64_t AddressStore::addLink(int64_t interface_id, const std::string& mode,
                              std::optional<int64_t> subnet_id,
                              const std::optional<std::string>& ip) {
    // A link's address carries its subnet's prefix, as the addresses racks report do.
    static const db::Statement kInsert{
        "address_link_add",
        "INSERT INTO interface_addresses (interface_id, subnet_id, ip, mode)"
        " VALUES ($1, $2::bigint, set_masklen($3::inet,"
        " (SELECT masklen(cidr) FROM subnets WHERE id = $2::bigint)), $4) RETURNING id"};
    std::optional<std::string> subnet;
    if (subnet_id)
        subnet = num(*subnet_id);
    return conn_.exec(kInsert, {num(interface_id), subnet, ip, mode}).integer(0, 0);
}

bool AddressStore::removeLink(int64_t interface_id, int64_t link_id) {
    static const db::Statement kDelete{
        "address_link_remove",
        "DELETE FROM interface_addresses WHERE interface_id = $1 AND id = $2"};
    return conn_.exec(kDelete, {num(interface_id), num(link_id)}).affected() > 0;
}

void AddressStore::clearLinks(int64_t interface_id) {
    static const db::Statement kClear{"address_links_clear",
                                      "DELETE FROM interface_addresses WHERE interface_id = $1"};
    conn_.exec(kClear, {num(interface_id)});
}

}  // namespace maas::region::store
