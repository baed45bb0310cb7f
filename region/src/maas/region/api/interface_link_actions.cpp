// `interface link-subnet` and `interface unlink-subnet`, as MAAS's InterfaceLinkForm and
// InterfaceUnlinkForm: machines only (controllers' links are what their racks report), every
// refusal field-keyed and writing nothing.
#include <algorithm>
#include <cctype>
#include <set>

#include "maas/region/api/address_allocation.h"
#include "maas/region/api/call.h"
#include "maas/region/api/errors.h"
#include "maas/region/api/fields.h"
#include "maas/region/api/shapes.h"
#include "maas/region/net/address_space.h"
#include "maas/region/store/address_store.h"
#include "maas/region/store/network_store.h"
#include "maas/region/store/node_store.h"

namespace maas::region::api {

namespace {

constexpr const char* kInvalidChoice =
    "Select a valid choice. That choice is not one of the available choices.";

struct Target {
    Node node;
    Interface iface;
};

/// The node and interface of the path, refusing controllers and machines in states MAAS does
/// not let an operator re-link in.
Target loadTarget(const Call& call, const std::string& operation) {
    auto node = store::NodeStore(call.db()).find(call.pathParam("system_id"), store::kAllTypes);
    if (!node)
        throw notFound("Node");
    const auto id = pathId(call.pathParam("id"), "Interface");
    const auto found = std::find_if(node->interfaces.begin(), node->interfaces.end(),
                                    [id](const Interface& i) { return i.id == id; });
    if (found == node->interfaces.end())
        throw notFound("Interface");
    if (node->node_type != kMachine && node->node_type != kDevice)
        throw ApiError(403, "Cannot link subnet interface on a controller.");
    static const std::set<int> kAllowedStates{0, 4, 8, 10};  // New, Ready, Broken, Allocated
    if (node->node_type == kMachine && !kAllowedStates.contains(node->status))
        throw ApiError(409, "Cannot " + operation +
                                " interface because the machine is not New, Ready, Allocated, "
                                "or Broken.");
    return {*node, *found};
}

std::string subnetLabel(const Subnet& s) {
    return s.name + ":" + s.cidr + "(vid=" + std::to_string(s.vlan.vid) + ")";
}

struct LinkRequest {
    std::string mode;
    std::optional<Subnet> subnet;
    std::optional<net::IpAddress> ip;
    bool force = false;
};

std::optional<std::string> readMode(const Call& call, const Node& node, FieldErrors& errors) {
    const auto raw = call.params.get("mode");
    if (!raw || raw->empty()) {
        errors.add("mode", "This field is required.");
        return std::nullopt;
    }
    std::string mode = *raw;
    std::transform(mode.begin(), mode.end(), mode.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    // Devices take static addresses only, as MAAS's handler restricts them.
    const std::vector<std::string> allowed =
        node.node_type == kDevice ? std::vector<std::string>{"static"}
                                  : std::vector<std::string>{"auto", "dhcp", "static", "link_up"};
    if (std::find(allowed.begin(), allowed.end(), mode) != allowed.end())
        return mode;
    std::string choices;
    for (const auto& m : allowed)
        choices += (choices.empty() ? "'" : ", '") + m + "'";
    errors.add("mode",
               "'" + mode + "' is not a valid mode.  It should be one of: " + choices + ".");
    return std::nullopt;
}

/// A subnet by MAAS's specifiers; without force only the interface's VLAN's subnets qualify.
std::optional<Subnet> readSubnet(const Call& call, const Interface& iface, bool force,
                                 FieldErrors& errors) {
    const auto raw = call.params.get("subnet");
    if (!raw || raw->empty())
        return std::nullopt;
    store::NetworkStore net(call.db());
    const auto id = net.subnetIdBySpecifier(*raw);
    auto subnet = id ? net.subnet(*id) : std::nullopt;
    if (subnet && iface.vlan && !force && subnet->vlan.id != iface.vlan->id)
        subnet.reset();
    if (!subnet)
        errors.add("subnet", kInvalidChoice);
    return subnet;
}

void checkStatic(const Call& call, const LinkRequest& r, FieldErrors& errors) {
    if (!r.subnet) {
        errors.add("subnet", "This field is required.");
        return;
    }
    if (!r.ip)
        return;
    std::string problem;
    const auto cidr = net::parseCidr(r.subnet->cidr, problem);
    if (cidr && !cidr->contains(*r.ip))
        errors.add("ip_address",
                   "IP address is not in the given subnet '" + subnetLabel(*r.subnet) + "'.");
    if (const auto range = rangeHolding(call.db(), *r.subnet, *r.ip, "dynamic"))
        errors.add("ip_address", "IP address is inside a dynamic range " + range->start_ip +
                                     " to " + range->end_ip + ".");
}

void checkMode(const Call& call, const Interface& iface, const LinkRequest& r,
               FieldErrors& errors) {
    if (r.mode == "auto" && !r.subnet)
        errors.add("subnet", "This field is required.");
    if (r.mode == "static")
        checkStatic(call, r, errors);
    if (r.mode == "dhcp") {
        for (const auto& l : iface.links)
            if (l.mode == "dhcp")
                errors.add("mode", l.subnet ? "Interface is already set to DHCP from '" +
                                                  subnetLabel(*l.subnet) + "'."
                                            : std::string("Interface is already set to DHCP."));
    }
    if (r.mode == "link_up" && !r.force) {
        const bool active = std::any_of(iface.links.begin(), iface.links.end(),
                                        [](const InterfaceLink& l) { return l.mode != "link_up"; });
        if (active)
            errors.add("mode",
                       "Cannot configure interface to link up (with no IP address) while other "
                       "links are already configured. Specify force=True to override this "
                       "behavior and delete all links.");
    }
}

LinkRequest readLinkRequest(const Call& call, const Target& t) {
    FieldErrors errors;
    LinkRequest r;
    r.force = boolField(call.params, "force", errors).value_or(false);
    for (const auto& child_name : t.iface.children)
        for (const auto& child : t.node.interfaces)
            if (child.name == child_name && child.type == "bond")
                errors.add("bond", "Cannot link interface(" + t.iface.name +
                                       ") when interface is in a bond(" + child.name + ").");
    const auto mode = readMode(call, t.node, errors);
    r.subnet = readSubnet(call, t.iface, r.force, errors);
    if (const auto ip = call.params.get("ip_address"); ip && !ip->empty()) {
        r.ip = net::IpAddress::parse(*ip);
        if (!r.ip)
            errors.add("ip_address", "Enter a valid IPv4 or IPv6 address.");
    }
    if (mode && errors.empty()) {
        r.mode = *mode;
        checkMode(call, t.iface, r, errors);
    }
    if (!errors.empty())
        throw badRequest(errors);
    return r;
}

http::Response linkSubnet(const Call& call) {
    const auto t = loadTarget(call, "link subnet");
    const auto r = readLinkRequest(call, t);
    store::AddressStore addresses(call.db());
    std::optional<std::string> ip;
    if (r.mode == "static")
        ip = allocateAddress(call.db(), *r.subnet, r.ip);
    if (r.mode == "link_up" || r.force)
        addresses.clearLinks(t.iface.id);
    std::optional<int64_t> subnet_id;
    if (r.subnet)
        subnet_id = r.subnet->id;
    addresses.addLink(t.iface.id, r.mode, subnet_id, ip);
    // An interface on no VLAN (or forced onto another) takes the subnet's, and keeps it.
    if (r.subnet && (!t.iface.vlan || r.force))
        store::NodeStore(call.db()).setInterfaceVlan(t.node.id, t.iface.id, r.subnet->vlan.id);
    const auto node = store::NodeStore(call.db()).find(t.node.system_id, store::kAllTypes);
    for (const auto& i : node->interfaces)
        if (i.id == t.iface.id)
            return http::Response::json(toJson(interfaceJson(i, node->system_id)));
    throw notFound("Interface");
}

http::Response unlinkSubnet(const Call& call) {
    const auto t = loadTarget(call, "unlink subnet");
    const auto raw = call.params.get("id");
    if (!raw || raw->empty())
        throw badRequest("id", "This field is required.");
    const auto link_id = parseInteger(*raw);
    const bool known =
        link_id && std::any_of(t.iface.links.begin(), t.iface.links.end(),
                               [&](const InterfaceLink& l) { return l.id == *link_id; });
    if (!known) {
        std::string choices;
        for (const auto& l : t.iface.links)
            choices += (choices.empty() ? "'" : ", '") + std::to_string(l.id) + "'";
        throw badRequest(
            "id", "'" + *raw + "' is not a valid id.  It should be one of: " + choices + ".");
    }
    store::AddressStore(call.db()).removeLink(t.iface.id, *link_id);
    const auto node = store::NodeStore(call.db()).find(t.node.system_id, store::kAllTypes);
    for (const auto& i : node->interfaces)
        if (i.id == t.iface.id)
            return http::Response::json(toJson(interfaceJson(i, node->system_id)));
    throw notFound("Interface");
}

}  // namespace

void registerInterfaceLinkActions(ActionMap& map) {
    map["InterfaceHandler.link_subnet"] = {linkSubnet};
    map["InterfaceHandler.unlink_subnet"] = {unlinkSubnet};
}

}  // namespace maas::region::api
