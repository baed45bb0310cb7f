// `ipaddresses reserve|release|read` as MAAS's IPAddressesHandler: a user's reserved
// addresses (USER_RESERVED); admins see every address with all=true, leases included.
#include <map>

#include "maas/region/api/address_allocation.h"
#include "maas/region/api/address_json.h"
#include "maas/region/api/call.h"
#include "maas/region/api/errors.h"
#include "maas/region/api/fields.h"
#include "maas/region/api/routes.h"
#include "maas/region/api/shapes.h"
#include "maas/region/store/network_store.h"
#include "maas/region/store/node_store.h"
#include "maas/region/store/reservation_store.h"

namespace maas::region::api {

namespace {

using Poco::JSON::Object;

constexpr int kAllocTypeSticky = 1;
constexpr int kAllocTypeUserReserved = 4;

/// Subnet JSON by id, each subnet read once per request.
class SubnetCache {
  public:
    explicit SubnetCache(db::Connection& conn) : net_(conn) {}
    Poco::Dynamic::Var get(std::optional<int64_t> id) {
        if (!id)
            return {};
        auto& s = cache_[*id];
        if (!s)
            if (auto subnet = net_.subnet(*id))
                s = subnetJson(*subnet);
        return s ? Poco::Dynamic::Var(s) : Poco::Dynamic::Var();
    }

  private:
    store::NetworkStore net_;
    std::map<int64_t, Object::Ptr> cache_;
};

std::string addressesUri() {
    return std::string(kApiPrefix) + "ipaddresses/";
}

Object::Ptr reservationJson(const IpReservation& r, SubnetCache& subnets) {
    Object::Ptr o = new Object;
    o->set("alloc_type", kAllocTypeUserReserved);
    o->set("alloc_type_name", "User reserved");
    o->set("created", r.created);
    o->set("ip", r.ip);
    o->set("owner", userJson(r.owner));
    o->set("interface_set", Poco::JSON::Array());
    o->set("subnet", subnets.get(r.subnet_id));
    o->set("resource_uri", addressesUri());
    return o;
}

Object::Ptr linkedJson(const LinkedAddress& a, SubnetCache& subnets, db::Connection& conn) {
    Object::Ptr o = new Object;
    o->set("alloc_type", kAllocTypeSticky);
    o->set("alloc_type_name", "Sticky");
    o->set("ip", a.ip);
    o->set("owner", Poco::Dynamic::Var());
    Poco::JSON::Array interfaces;
    if (const auto node = store::NodeStore(conn).find(a.system_id, store::kAllTypes))
        for (const auto& i : node->interfaces)
            if (i.id == a.interface_id)
                interfaces.add(interfaceJson(i, node->system_id));
    o->set("interface_set", interfaces);
    o->set("subnet", subnets.get(a.subnet_id));
    o->set("resource_uri", addressesUri());
    return o;
}

/// ip=, optional; MAAS answers a malformed one in plain text.
std::optional<std::string> readIpFilter(const Call& call) {
    const auto ip = call.params.get("ip");
    if (!ip)
        return std::nullopt;
    const auto parsed = net::IpAddress::parse(*ip);
    if (!parsed)
        throw badRequestText("Parameter 'ip' must contain an IP address.");
    return parsed->toString();
}

http::Response readAddresses(const Call& call) {
    FieldErrors errors;
    const bool all = boolField(call.params, "all", errors).value_or(false);
    if (!errors.empty())
        throw badRequest(errors);
    const auto ip = readIpFilter(call);
    auto owner = call.params.get("owner");
    const auto& user = *call.user;
    if (all && !user.is_superuser)
        throw ApiError(403, "Listing all IP addresses requires admin privileges.");
    if (owner && !user.is_superuser)
        throw ApiError(403, "Listing another user's IP addresses requires admin privileges.");
    if (!owner && !all)
        owner = user.username;
    SubnetCache subnets(call.db());
    Poco::JSON::Array out;
    for (const auto& r : store::ReservationStore(call.db()).list(owner, ip))
        out.add(reservationJson(r, subnets));
    // Every other address has no owner: a filter by owner leaves them out.
    if (all && !owner) {
        for (const auto& a : store::ReservationStore(call.db()).linkedAddresses(ip))
            out.add(linkedJson(a, subnets, call.db()));
        for (const auto& l : dhcp::currentLeases(call.db())) {
            if (ip && l.ip != *ip)
                continue;
            auto o = leaseJson(l);
            o->set("owner", Poco::Dynamic::Var());
            o->set("subnet", subnets.get(l.subnet_id));
            o->set("resource_uri", addressesUri() + "?ip=" + l.ip);
            out.add(o);
        }
    }
    return http::Response::json(toJson(out));
}

/// The subnet a reservation goes on: the most specific one holding ip=, else subnet=.
Subnet reservationSubnet(const Call& call, const std::optional<net::IpAddress>& ip,
                         const std::optional<std::string>& subnet_text) {
    store::NetworkStore net(call.db());
    if (ip) {
        const auto id = store::ReservationStore(call.db()).bestSubnetFor(ip->toString());
        auto subnet = id ? net.subnet(*id) : std::nullopt;
        if (!subnet)
            throw badRequestText("No known subnet for IP address: " + ip->toString() + ".");
        return *subnet;
    }
    if (subnet_text) {
        const auto id = net.subnetIdBySpecifier(*subnet_text);
        auto subnet = id ? net.subnet(*id) : std::nullopt;
        if (!subnet)
            throw badRequestText("Unable to identify subnet: " + *subnet_text + ".");
        return *subnet;
    }
    throw badRequestText("Must supply either the 'subnet' or the 'ip' parameter.");
}

/// A dynamic range's address goes to DHCP clients; MAAS asks for a device (MAC) instead.
void refuseDynamic(const Call& call, const Subnet& subnet, const net::IpAddress& ip) {
    if (rangeHolding(call.db(), subnet, ip, "dynamic"))
        throw ApiError(403, "IP address " + ip.toString() +
                                " belongs to an existing dynamic range. To reserve this IP "
                                "address, a MAC address is required. (Create a device "
                                "instead.)");
}

http::Response reserveAddress(const Call& call) {
    FieldErrors errors;
    auto ip_text = call.params.get("ip");
    if (!ip_text)
        ip_text = call.params.get("ip_address");  // MAAS's older name, still accepted
    std::optional<net::IpAddress> ip;
    if (ip_text && !(ip = net::IpAddress::parse(*ip_text)))
        errors.add("ip_address", "Enter a valid IPv4 or IPv6 address.");
    std::optional<std::string> mac;
    if (const auto raw = call.params.get("mac"); raw && !(mac = normaliseMac(*raw)))
        errors.add("mac", "'" + *raw + "' is not a valid MAC address.");
    auto hostname = textField(call.params, "hostname", errors).value_or("");
    if (const auto dot = hostname.find('.'); dot != std::string::npos) {
        if (hostname.substr(dot + 1) != "maas")  // the one DNS domain this region serves
            throw notFound("Domain");
        hostname.resize(dot);
    }
    if (!hostname.empty() && !validHostname(hostname))
        errors.add("hostname",
                   "Hostname must be letters, digits and hyphens, labels at most 63 characters.");
    if (!errors.empty())
        throw badRequest(errors);
    const auto subnet = reservationSubnet(call, ip, call.params.get("subnet"));
    if (ip)
        refuseDynamic(call, subnet, *ip);
    store::ReservationStore reservations(call.db());
    if (mac)
        if (const auto host = reservations.nodeWithMac(*mac))
            throw badRequestText("MAC address " + *mac + " already belongs to " + *host +
                                 ". Use of the interface API is required, for an interface "
                                 "that belongs to a node.");
    const auto address = allocateAddress(call.db(), subnet, ip);
    reservations.insert(address, subnet.id, call.user->id, hostname, mac);
    SubnetCache subnets(call.db());
    const auto rows = reservations.list(std::nullopt, address);
    return http::Response::json(toJson(reservationJson(rows.at(0), subnets)));
}

http::Response releaseAddress(const Call& call) {
    const auto ip_text = call.params.get("ip");
    if (!ip_text)
        throw badRequestText("No provided ip!");
    FieldErrors errors;
    const bool force = boolField(call.params, "force", errors).value_or(false);
    const bool discovered = boolField(call.params, "discovered", errors).value_or(false);
    if (!errors.empty())
        throw badRequest(errors);
    if (force && !call.user->is_superuser)
        throw ApiError(403, "Force-releasing an IP address requires admin privileges.");
    const auto ip = net::IpAddress::parse(*ip_text);
    if (!ip)
        throw badRequest("ip", "Enter a valid IPv4 or IPv6 address.");
    const auto text = ip->toString();
    store::ReservationStore reservations(call.db());
    bool released = false;
    if (!force)
        released = reservations.release(text, call.user->id);
    else if (discovered)
        released = reservations.releaseLease(text);
    else
        released = reservations.release(text, std::nullopt) || reservations.releaseLinks(text);
    if (!released)
        throw badRequestText(
            force ? "IP address " + text + " does not exist."
                  : "IP address " + text +
                        " does not exist, is not the correct type of address, or does not "
                        "belong to the requesting user.\nIf you are sure you want to release "
                        "this address, use force=true as a MAAS administrator.");
    return http::Response::text(204, "");
}

}  // namespace

void registerIpAddressActions(ActionMap& map) {
    map["IPAddressesHandler.read"] = {readAddresses};
    map["IPAddressesHandler.reserve"] = {reserveAddress};
    map["IPAddressesHandler.release"] = {releaseAddress};
}

}  // namespace maas::region::api
