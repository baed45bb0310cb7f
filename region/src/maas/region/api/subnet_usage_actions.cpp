// `subnet statistics`, `subnet reserved-ip-ranges`, `subnet unreserved-ip-ranges`: how a
// subnet's addresses are used, computed as MAAS's Subnet.get_ipranges_in_use and
// IPRangeStatistics (net/address_space).
#include <algorithm>
#include <cstdint>
#include <string>

#include "maas/region/api/call.h"
#include "maas/region/api/errors.h"
#include "maas/region/api/fields.h"
#include "maas/region/api/shapes.h"
#include "maas/region/net/address_space.h"
#include "maas/region/store/address_store.h"
#include "maas/region/store/network_store.h"

namespace maas::region::api {

namespace {

using Poco::JSON::Object;

/// Counts as JSON numbers; an IPv6 subnet's size passes 2^64, where a double is what
/// Python's JSON would print most closely.
Poco::Dynamic::Var count(net::AddressNumber n) {
    if (n <= net::AddressNumber{UINT64_MAX})
        return Poco::Dynamic::Var(static_cast<uint64_t>(n));
    return Poco::Dynamic::Var(static_cast<double>(n));
}

struct Usage {
    Subnet subnet;
    net::Cidr cidr;
    std::vector<net::AddressSpan> in_use;
};

Usage loadUsage(const Call& call) {
    store::NetworkStore net(call.db());
    const auto id = net.subnetIdBySpecifier(call.pathParam("id"));
    auto subnet = id ? net.subnet(*id) : std::nullopt;
    if (!subnet)
        throw notFound("Subnet");
    std::string problem;
    const auto cidr = net::parseCidr(subnet->cidr, problem);
    if (!cidr)
        throw notFound("Subnet");
    auto in_use = net::normaliseSpans(*cidr, store::AddressStore(call.db()).inUse(*subnet, *cidr));
    return {*subnet, *cidr, std::move(in_use)};
}

Object::Ptr spanJson(const net::AddressSpan& s, bool with_purpose) {
    Object::Ptr o = new Object;
    o->set("start", s.first.toString());
    o->set("end", s.last.toString());
    if (with_purpose) {
        Poco::JSON::Array purposes;
        for (const auto& p : s.purposes)
            purposes.add(p);
        o->set("purpose", purposes);
    }
    o->set("num_addresses", count(s.size()));
    return o;
}

/// Used and unused spans in address order (MAAS's get_full_range), unused ones "unused".
Poco::JSON::Array fullRange(const Usage& u) {
    auto spans = u.in_use;
    for (auto free : net::unusedSpans(u.cidr, u.in_use)) {
        free.purposes = {"unused"};
        spans.push_back(std::move(free));
    }
    std::sort(spans.begin(), spans.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    Poco::JSON::Array out;
    for (const auto& s : spans)
        out.add(spanJson(s, true));
    return out;
}

http::Response statistics(const Call& call) {
    FieldErrors errors;
    const bool include_ranges = boolField(call.params, "include_ranges", errors).value_or(false);
    if (!errors.empty())
        throw badRequest(errors);
    const auto u = loadUsage(call);
    const auto stats = net::subnetStatistics(u.cidr, u.in_use);
    Object::Ptr o = new Object;
    o->set("num_available", count(stats.available));
    o->set("largest_available", count(stats.largest_available));
    o->set("num_unavailable", count(stats.total - stats.available));
    o->set("total_addresses", count(stats.total));
    o->set("usage", stats.usage());
    o->set("usage_string", stats.usageString());
    o->set("available_string", stats.availableString());
    o->set("first_address", stats.first_address.toString());
    o->set("last_address", stats.last_address.toString());
    o->set("ip_version", u.cidr.network.family);
    if (include_ranges)
        o->set("ranges", fullRange(u));
    return http::Response::json(toJson(o));
}

http::Response reservedRanges(const Call& call) {
    Poco::JSON::Array out;
    for (const auto& s : loadUsage(call).in_use)
        out.add(spanJson(s, true));
    return http::Response::json(toJson(out));
}

http::Response unreservedRanges(const Call& call) {
    const auto u = loadUsage(call);
    Poco::JSON::Array out;
    for (const auto& s : net::unusedSpans(u.cidr, u.in_use))
        out.add(spanJson(s, false));
    return http::Response::json(toJson(out));
}

}  // namespace

void registerSubnetUsageActions(ActionMap& map) {
    map["SubnetHandler.statistics"] = {statistics};
    map["SubnetHandler.reserved_ip_ranges"] = {reservedRanges};
    map["SubnetHandler.unreserved_ip_ranges"] = {unreservedRanges};
}

}  // namespace maas::region::api
