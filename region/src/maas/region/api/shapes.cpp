#include "maas/region/api/shapes.h"

#include <sstream>

#include "maas/common/json_writer.h"
#include "maas/region/api/routes.h"

namespace maas::region::api {

namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

template <typename T>
Var optional(const std::optional<T>& value) {
    return value ? Var(*value) : Var();
}

std::string uri(const std::string& tail) {
    return std::string(kApiPrefix) + tail;
}

}  // namespace

Object::Ptr vlanJson(const Vlan& v) {
    Object::Ptr o = new Object;
    o->set("id", v.id);
    o->set("vid", v.vid);
    o->set("name", v.name ? *v.name : (v.vid == 0 ? "untagged" : std::to_string(v.vid)));
    o->set("description", v.description);
    o->set("fabric", v.fabric_name);
    o->set("fabric_id", v.fabric_id);
    o->set("mtu", v.mtu);
    o->set("dhcp_on", v.dhcp_on);
    o->set("external_dhcp", optional(v.external_dhcp));
    o->set("primary_rack", optional(v.primary_rack));
    o->set("secondary_rack", optional(v.secondary_rack));
    o->set("relay_vlan", optional(v.relay_vlan_id));
    o->set("space", v.space ? *v.space : "undefined");
    o->set("resource_uri", uri("vlans/" + std::to_string(v.id) + "/"));
    return o;
}

Object::Ptr fabricJson(const Fabric& f) {
    Object::Ptr o = new Object;
    o->set("id", f.id);
    o->set("name", f.name);
    o->set("description", f.description);
    o->set("class_type", optional(f.class_type));
    Array vlans;
    for (const auto& v : f.vlans)
        vlans.add(vlanJson(v));
    o->set("vlans", vlans);
    o->set("resource_uri", uri("fabrics/" + std::to_string(f.id) + "/"));
    return o;
}

Object::Ptr subnetJson(const Subnet& s) {
    Object::Ptr o = new Object;
    o->set("id", s.id);
    o->set("name", s.name);
    o->set("description", s.description);
    o->set("vlan", vlanJson(s.vlan));
    o->set("cidr", s.cidr);
    o->set("gateway_ip", optional(s.gateway_ip));
    Array dns;
    for (const auto& d : s.dns_servers)
        dns.add(d);
    o->set("dns_servers", dns);
    o->set("managed", s.managed);
    o->set("allow_dns", s.allow_dns);
    o->set("allow_proxy", s.allow_proxy);
    o->set("active_discovery", s.active_discovery);
    o->set("rdns_mode", s.rdns_mode);
    o->set("disabled_boot_architectures", Array());
    o->set("space", s.vlan.space ? *s.vlan.space : "undefined");
    o->set("resource_uri", uri("subnets/" + std::to_string(s.id) + "/"));
    return o;
}

Object::Ptr ipRangeJson(const IpRange& r) {
    Object::Ptr o = new Object;
    o->set("id", r.id);
    o->set("type", r.type);
    o->set("start_ip", r.start_ip);
    o->set("end_ip", r.end_ip);
    o->set("comment", r.comment);
    o->set("user", optional(r.user));
    o->set("subnet", subnetJson(r.subnet));
    o->set("resource_uri", uri("ipranges/" + std::to_string(r.id) + "/"));
    return o;
}

Object::Ptr interfaceJson(const Interface& i, const std::string& system_id) {
    Object::Ptr o = new Object;
    o->set("id", i.id);
    o->set("name", i.name);
    o->set("type", i.type);
    o->set("mac_address", optional(i.mac_address));
    o->set("enabled", i.enabled);
    o->set("vlan", i.vlan ? Var(vlanJson(*i.vlan)) : Var());
    Array links;
    for (const auto& l : i.links) {
        Object::Ptr link = new Object;
        link->set("id", l.id);
        link->set("mode", l.mode);
        link->set("ip_address", l.ip_address);
        if (l.subnet)
            link->set("subnet", subnetJson(*l.subnet));
        links.add(link);
    }
    o->set("links", links);
    Array parents, children;
    for (const auto& p : i.parents)
        parents.add(p);
    for (const auto& c : i.children)
        children.add(c);
    o->set("parents", parents);
    o->set("children", children);
    o->set("effective_mtu", i.vlan ? Var(i.vlan->mtu) : Var(1500));
    o->set("system_id", system_id);
    o->set("tags", Array());
    o->set("resource_uri", uri("nodes/" + system_id + "/interfaces/" + std::to_string(i.id) + "/"));
    return o;
}

const char* nodeTypeName(int node_type) {
    switch (node_type) {
        case kMachine:
            return "Machine";
        case kDevice:
            return "Device";
        case kRackController:
            return "Rack controller";
        case kRegionController:
            return "Region controller";
        case kRegionAndRackController:
            return "Region and rack controller";
    }
    return "Unknown";
}

const char* machineStatusName(int status) {
    switch (status) {
        case 0:
            return "New";
        case 4:
            return "Ready";
        case 6:
            return "Deployed";
    }
    return "Unknown";
}

Object::Ptr nodeJson(const Node& n, const std::string& collection) {
    Object::Ptr o = new Object;
    o->set("system_id", n.system_id);
    o->set("hostname", n.hostname);
    o->set("fqdn", n.hostname + ".maas");
    Object::Ptr domain = new Object;
    domain->set("name", "maas");
    o->set("domain", domain);
    o->set("node_type", n.node_type);
    o->set("node_type_name", nodeTypeName(n.node_type));
    o->set("description", n.description);
    o->set("architecture", n.architecture);
    o->set("power_type", n.power_type);
    o->set("power_state", n.power_state);
    Array addresses;
    Array interfaces;
    for (const auto& i : n.interfaces) {
        interfaces.add(interfaceJson(i, n.system_id));
        for (const auto& l : i.links)
            addresses.add(l.ip_address);
    }
    o->set("ip_addresses", addresses);
    o->set("interface_set", interfaces);
    if (n.node_type == kMachine) {
        if (n.power_rack) {
            Object::Ptr rack = new Object;
            rack->set("system_id", n.power_rack->system_id);
            rack->set("hostname", n.power_rack->hostname);
            o->set("power_rack", rack);
        } else {
            o->set("power_rack", Poco::Dynamic::Var());
        }
        o->set("status", n.status);
        o->set("status_name", machineStatusName(n.status));
        o->set("owner", optional(n.owner));
    } else {
        o->set("version", n.version);
        // Empty when the versions agree; a mismatch is a warning, never a refusal.
        o->set("version_warning", n.version_warning);
        o->set("last_seen", optional(n.last_seen));
    }
    if (collection == "rackcontrollers") {
        Array services;
        for (const auto& s : n.services) {
            Object::Ptr svc = new Object;
            svc->set("name", s.name);
            svc->set("status", s.status);
            svc->set("status_info", s.status_info);
            services.add(svc);
        }
        o->set("service_set", services);
    }
    o->set("resource_uri", uri(collection + "/" + n.system_id + "/"));
    return o;
}

Object::Ptr userJson(const User& u) {
    Object::Ptr o = new Object;
    o->set("id", u.id);
    o->set("username", u.username);
    o->set("email", u.email);
    o->set("is_superuser", u.is_superuser);
    o->set("is_local", true);
    o->set("resource_uri", uri("users/" + u.username + "/"));
    return o;
}

std::string toJson(const Object::Ptr& obj) {
    return jsonTextIndented(obj);
}

std::string toJson(const Array& array) {
    return jsonTextIndented(array);
}

}  // namespace maas::region::api
