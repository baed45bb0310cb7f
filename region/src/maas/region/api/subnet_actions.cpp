#include "maas/common/ip.h"
#include "maas/region/api/call.h"
#include "maas/region/api/errors.h"
#include "maas/region/api/fields.h"
#include "maas/region/api/shapes.h"
#include "maas/region/net/ranges.h"
#include "maas/region/store/network_store.h"

namespace maas::region::api {

namespace {

Subnet loadSubnet(store::NetworkStore& net, const std::string& id_text) {
    const auto id = net.subnetIdBySpecifier(id_text);
    auto s = id ? net.subnet(*id) : std::nullopt;
    if (!s)
        throw notFound("Subnet");
    return *s;
}

/// vlan=<id>, or fabric=<id|name> [vid=<n>], or the default fabric's untagged VLAN.
std::optional<Vlan> chooseVlan(const Call& call, store::NetworkStore& net, FieldErrors& errors,
                               bool creating) {
    const auto vlan = call.params.get("vlan");
    const auto fabric = call.params.get("fabric");
    const auto vid = call.params.get("vid");
    if (vlan) {
        auto id = parseInteger(*vlan);
        auto found = id ? net.vlanById(*id) : std::nullopt;
        if (!found)
            errors.add("vlan",
                       "Select a valid choice. " + *vlan + " is not one of the available choices.");
        return found;
    }
    if (fabric || vid) {
        std::optional<Fabric> f;
        if (fabric) {
            f = net.fabricBySpecifier(*fabric);
            if (!f) {
                errors.add("fabric", "Select a valid choice. " + *fabric +
                                         " is not one of the available choices.");
                return std::nullopt;
            }
        } else {
            f = net.fabric(net.defaultFabricId());
        }
        const auto v = vid ? parseInteger(*vid) : std::optional<int64_t>(0);
        auto found = v ? net.vlan(f->id, static_cast<int>(*v)) : std::nullopt;
        if (!found)
            errors.add("vid", "No VLAN with vid " + (vid ? *vid : std::string("0")) +
                                  " on fabric " + f->name + ".");
        return found;
    }
    if (!creating)
        return std::nullopt;
    return net.vlan(net.defaultFabricId(), 0);
}

void applySubnetFields(const Call& call, store::NetworkStore& net, Subnet& s, bool creating) {
    FieldErrors errors;
    std::optional<net::Cidr> cidr;
    if (auto text = call.params.get("cidr")) {
        std::string problem;
        cidr = net::parseCidr(*text, problem);
        if (!cidr)
            errors.add("cidr", problem);
        else
            s.cidr = cidr->toString();
    } else if (creating) {
        errors.add("cidr", "This field is required.");
    } else {
        std::string ignored;
        cidr = net::parseCidr(s.cidr, ignored);
    }
    if (auto name = textField(call.params, "name", errors))
        s.name = *name;
    if (auto d = textField(call.params, "description", errors, 1024))
        s.description = *d;
    if (auto v = chooseVlan(call, net, errors, creating))
        s.vlan = *v;
    if (auto gw = call.params.get("gateway_ip")) {
        if (gw->empty()) {
            s.gateway_ip.reset();
        } else if (auto ip = net::IpAddress::parse(*gw); !ip) {
            errors.add("gateway_ip", "Enter a valid IPv4 or IPv6 address.");
        } else if (cidr && !cidr->contains(*ip)) {
            errors.add("gateway_ip", "Gateway IP must be within CIDR range.");
        } else {
            s.gateway_ip = ip->toString();
        }
    } else if (s.gateway_ip && cidr) {
        const auto ip = net::IpAddress::parse(*s.gateway_ip);
        if (ip && !cidr->contains(*ip))
            errors.add("gateway_ip", "Gateway IP must be within CIDR range.");
    }
    if (auto dns = call.params.get("dns_servers")) {
        s.dns_servers.clear();
        std::string item;
        for (size_t i = 0; i <= dns->size(); ++i) {
            const char c = i < dns->size() ? (*dns)[i] : ' ';
            if (c == ' ' || c == ',') {
                if (!item.empty()) {
                    if (auto ip = net::IpAddress::parse(item))
                        s.dns_servers.push_back(ip->toString());
                    else
                        errors.add("dns_servers", "'" + item + "' is not a valid IP address.");
                }
                item.clear();
            } else {
                item.push_back(c);
            }
        }
    }
    if (auto b = boolField(call.params, "managed", errors))
        s.managed = *b;
    if (auto b = boolField(call.params, "allow_dns", errors))
        s.allow_dns = *b;
    if (auto b = boolField(call.params, "allow_proxy", errors))
        s.allow_proxy = *b;
    if (auto b = boolField(call.params, "active_discovery", errors))
        s.active_discovery = *b;
    if (auto m = intField(call.params, "rdns_mode", errors, 0, 2))
        s.rdns_mode = static_cast<int>(*m);
    if (errors.empty() && net.subnetIdByCidr(s.cidr, s.id))
        errors.add("cidr", "Subnet with this Cidr already exists.");
    if (!errors.empty())
        throw badRequest(errors);
}

IpRange loadRange(store::NetworkStore& net, const Call& call) {
    auto r = net.ipRange(pathId(call.pathParam("id"), "IPRange"));
    if (!r)
        throw notFound("IPRange");
    return *r;
}

/// Validates a range against its subnet and siblings (locked) and throws 400 on problems.
void checkRange(store::NetworkStore& net, const IpRange& r, std::optional<int64_t> self) {
    std::string ignored;
    const auto cidr = net::parseCidr(r.subnet.cidr, ignored);
    const auto existing = net.rangesOfSubnetForUpdate(r.subnet.id);
    const auto errors = net::validateIpRange(*cidr, r.type, r.start_ip, r.end_ip, existing, self,
                                             net.addressesInUse(r.subnet.id));
    if (!errors.empty())
        throw badRequest(errors);
}

/// subnet=<id|cidr>, else the subnet containing start_ip.
std::optional<Subnet> rangeSubnet(const Call& call, store::NetworkStore& net,
                                  const std::string& start_ip, FieldErrors& errors) {
    if (auto subnet = call.params.get("subnet")) {
        std::optional<Subnet> found;
        if (auto id = parseInteger(*subnet))
            found = net.subnet(*id);
        else if (auto id = net.subnetIdByCidr(*subnet); id)
            found = net.subnet(*id);
        if (!found)
            errors.add("subnet", "Select a valid choice. " + *subnet +
                                     " is not one of the available choices.");
        return found;
    }
    const auto ip = net::IpAddress::parse(start_ip);
    if (!ip)
        return std::nullopt;
    for (auto& s : net.subnets()) {
        std::string ignored;
        if (auto cidr = net::parseCidr(s.cidr, ignored); cidr && cidr->contains(*ip))
            return s;
    }
    errors.add("subnet", "No subnet contains " + start_ip + "; give subnet explicitly.");
    return std::nullopt;
}

std::string normalisedIp(const std::string& text) {
    auto ip = net::IpAddress::parse(text);
    return ip ? ip->toString() : text;
}

}  // namespace

void registerSubnetActions(ActionMap& map) {
    map["SubnetsHandler.read"] = {[](const Call& call) {
        return http::Response::json(
            streamList(store::NetworkStore(call.db()).subnets(), writeSubnet));
    }};
    map["SubnetsHandler.create"] = {[](const Call& call) {
        store::NetworkStore net(call.db());
        Subnet s;
        applySubnetFields(call, net, s, true);
        return http::Response::json(toJson(subnetJson(*net.subnet(net.insertSubnet(s)))));
    }};
    map["SubnetHandler.read"] = {[](const Call& call) {
        store::NetworkStore net(call.db());
        return http::Response::json(toJson(subnetJson(loadSubnet(net, call.pathParam("id")))));
    }};
    map["SubnetHandler.update"] = {[](const Call& call) {
        store::NetworkStore net(call.db());
        auto s = loadSubnet(net, call.pathParam("id"));
        applySubnetFields(call, net, s, false);
        std::string ignored;
        const auto cidr = net::parseCidr(s.cidr, ignored);
        for (const auto& r : net.rangesOfSubnetForUpdate(s.id))
            if (!cidr->contains(r.start) || !cidr->contains(r.end))
                throw badRequest("cidr", "The IP range " + r.start.toString() + "-" +
                                             r.end.toString() + " would lie outside " + s.cidr +
                                             ".");
        net.updateSubnet(s);
        return http::Response::json(toJson(subnetJson(*net.subnet(s.id))));
    }};
    map["SubnetHandler.delete"] = {[](const Call& call) {
        store::NetworkStore net(call.db());
        net.deleteSubnet(loadSubnet(net, call.pathParam("id")).id);
        return http::Response::text(204, "");
    }};

    map["IPRangesHandler.read"] = {[](const Call& call) {
        return http::Response::json(
            listJson(store::NetworkStore(call.db()).ipRanges(), ipRangeJson));
    }};
    map["IPRangesHandler.create"] = {[](const Call& call) {
        store::NetworkStore net(call.db());
        FieldErrors errors;
        IpRange r;
        r.type = call.params.get("type").value_or("");
        if (r.type.empty())
            errors.add("type", "This field is required.");
        r.start_ip = normalisedIp(call.params.get("start_ip").value_or(""));
        r.end_ip = normalisedIp(call.params.get("end_ip").value_or(""));
        if (auto c = textField(call.params, "comment", errors))
            r.comment = *c;
        auto subnet = rangeSubnet(call, net, r.start_ip, errors);
        if (!errors.empty())
            throw badRequest(errors);
        if (!subnet)
            throw badRequest(net::validateIpRange(net::Cidr{}, r.type, r.start_ip, r.end_ip, {}));
        r.subnet = *subnet;
        checkRange(net, r, std::nullopt);
        const auto id =
            net.insertIpRange(r, call.user ? std::optional(call.user->id) : std::nullopt);
        return http::Response::json(toJson(ipRangeJson(*net.ipRange(id))));
    }};
    map["IPRangeHandler.read"] = {[](const Call& call) {
        store::NetworkStore net(call.db());
        return http::Response::json(toJson(ipRangeJson(loadRange(net, call))));
    }};
    map["IPRangeHandler.update"] = {[](const Call& call) {
        store::NetworkStore net(call.db());
        auto r = loadRange(net, call);
        FieldErrors errors;
        if (auto t = call.params.get("type"))
            r.type = *t;
        if (auto s = call.params.get("start_ip"))
            r.start_ip = normalisedIp(*s);
        if (auto e = call.params.get("end_ip"))
            r.end_ip = normalisedIp(*e);
        if (auto c = textField(call.params, "comment", errors))
            r.comment = *c;
        if (call.params.has("subnet"))
            if (auto s = rangeSubnet(call, net, r.start_ip, errors))
                r.subnet = *s;
        if (!errors.empty())
            throw badRequest(errors);
        checkRange(net, r, r.id);
        net.updateIpRange(r);
        return http::Response::json(toJson(ipRangeJson(*net.ipRange(r.id))));
    }};
    map["IPRangeHandler.delete"] = {[](const Call& call) {
        store::NetworkStore net(call.db());
        net.deleteIpRange(loadRange(net, call).id);
        return http::Response::text(204, "");
    }};
}

}  // namespace maas::region::api
