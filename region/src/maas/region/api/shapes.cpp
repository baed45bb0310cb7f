#include "maas/region/api/shapes.h"

#include <Poco/JSON/Parser.h>

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

/// A tree of what a stream shape writes, for the callers that nest it in a larger tree.
template <typename Fn>
Object::Ptr asTree(Fn write) {
    std::string text;
    JsonStream w(text, -1);
    write(w);
    return Poco::JSON::Parser().parse(text).extract<Object::Ptr>();
}

}  // namespace

void writeVlan(JsonStream& w, const Vlan& v) {
    w.beginObject();
    w.key("description").value(v.description);
    w.key("dhcp_on").value(v.dhcp_on);
    w.key("external_dhcp").value(v.external_dhcp);
    w.key("fabric").value(v.fabric_name);
    w.key("fabric_id").value(v.fabric_id);
    w.key("id").value(v.id);
    w.key("mtu").value(v.mtu);
    w.key("name").value(v.name ? *v.name : (v.vid == 0 ? "untagged" : std::to_string(v.vid)));
    w.key("primary_rack").value(v.primary_rack);
    w.key("relay_vlan").value(v.relay_vlan_id);
    w.key("resource_uri").value(uri("vlans/" + std::to_string(v.id) + "/"));
    w.key("secondary_rack").value(v.secondary_rack);
    w.key("space").value(v.space ? *v.space : "undefined");
    w.key("vid").value(v.vid);
    w.endObject();
}

NamedGroup defaultZone() {
    return {1, "default", ""};
}

NamedGroup defaultPool() {
    return {0, "default", "Default pool"};
}

Object::Ptr vlanJson(const Vlan& v) {
    return asTree([&](JsonStream& w) { writeVlan(w, v); });
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

void writeSubnet(JsonStream& w, const Subnet& s) {
    w.beginObject();
    w.key("active_discovery").value(s.active_discovery);
    w.key("allow_dns").value(s.allow_dns);
    w.key("allow_proxy").value(s.allow_proxy);
    w.key("cidr").value(s.cidr);
    w.key("description").value(s.description);
    w.emptyArray("disabled_boot_architectures");
    w.key("dns_servers").beginArray();
    for (const auto& d : s.dns_servers)
        w.value(d);
    w.endArray();
    w.key("gateway_ip").value(s.gateway_ip);
    w.key("id").value(s.id);
    w.key("managed").value(s.managed);
    w.key("name").value(s.name);
    w.key("rdns_mode").value(s.rdns_mode);
    w.key("resource_uri").value(uri("subnets/" + std::to_string(s.id) + "/"));
    w.key("space").value(s.vlan.space ? *s.vlan.space : "undefined");
    w.key("vlan");
    writeVlan(w, s.vlan);
    w.endObject();
}

Object::Ptr subnetJson(const Subnet& s) {
    return asTree([&](JsonStream& w) { writeSubnet(w, s); });
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

void writeInterface(JsonStream& w, const Interface& i, const std::string& system_id) {
    w.beginObject();
    w.key("children").beginArray();
    for (const auto& c : i.children)
        w.value(c);
    w.endArray();
    w.key("effective_mtu").value(i.vlan ? i.vlan->mtu : 1500);
    w.key("enabled").value(i.enabled);
    w.key("id").value(i.id);
    w.key("links").beginArray();
    for (const auto& l : i.links) {
        w.beginObject();
        w.key("id").value(l.id);
        if (!l.ip_address.empty())  // AUTO, DHCP and LINK_UP links hold no address yet
            w.key("ip_address").value(l.ip_address);
        w.key("mode").value(l.mode);
        if (l.subnet) {
            w.key("subnet");
            writeSubnet(w, *l.subnet);
        }
        w.endObject();
    }
    w.endArray();
    w.key("mac_address").value(i.mac_address);
    w.key("name").value(i.name);
    w.key("parents").beginArray();
    for (const auto& p : i.parents)
        w.value(p);
    w.endArray();
    w.key("resource_uri")
        .value(uri("nodes/" + system_id + "/interfaces/" + std::to_string(i.id) + "/"));
    w.key("system_id").value(system_id);
    w.emptyArray("tags");
    w.key("type").value(i.type);
    w.key("vlan");
    if (i.vlan)
        writeVlan(w, *i.vlan);
    else
        w.null();
    w.endObject();
}

Object::Ptr interfaceJson(const Interface& i, const std::string& system_id) {
    return asTree([&](JsonStream& w) { writeInterface(w, i, system_id); });
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

namespace {

void writeServices(JsonStream& w, const std::vector<Service>& services) {
    w.key("service_set").beginArray();
    for (const auto& s : services) {
        w.beginObject();
        w.key("name").value(s.name);
        w.key("status").value(s.status);
        w.key("status_info").value(s.status_info);
        w.endObject();
    }
    w.endArray();
}

void writeGroup(JsonStream& w, const NamedGroup& g, const std::string& path) {
    w.beginObject();
    w.key("description").value(g.description);
    w.key("id").value(g.id);
    w.key("name").value(g.name);
    w.key("resource_uri").value(uri(path + "/"));
    w.endObject();
}

}  // namespace

// Keys in sorted order, as the tree shapes hold them; which ones a node has depends on its
// type (machines: inventory, owner, pool, power_rack, status, tags, zone; controllers:
// last_seen, version).
void writeNode(JsonStream& w, const Node& n, std::string_view collection) {
    const bool machine = n.node_type == kMachine;
    w.beginObject();
    w.key("architecture").value(n.architecture);
    if (machine)
        w.key("cpu_count").value(n.cpu_count);
    w.key("description").value(n.description);
    w.key("domain").beginObject().key("name").value("maas").endObject();
    w.key("fqdn").value(n.hostname + ".maas");
    w.key("hostname").value(n.hostname);
    w.key("interface_set").beginArray();
    for (const auto& i : n.interfaces)
        writeInterface(w, i, n.system_id);
    w.endArray();
    w.key("ip_addresses").beginArray();
    for (const auto& i : n.interfaces)
        for (const auto& l : i.links)
            if (!l.ip_address.empty())
                w.value(l.ip_address);
    w.endArray();
    if (!machine)
        w.key("last_seen").value(n.last_seen);
    if (machine)
        w.key("memory").value(n.memory);
    w.key("node_type").value(n.node_type);
    w.key("node_type_name").value(nodeTypeName(n.node_type));
    if (machine) {
        w.key("owner").value(n.owner);
        w.key("pool");
        writeGroup(w, n.pool, "resourcepool/" + std::to_string(n.pool.id));
        w.key("power_rack");
        if (n.power_rack)
            w.beginObject()
                .key("hostname")
                .value(n.power_rack->hostname)
                .key("system_id")
                .value(n.power_rack->system_id)
                .endObject();
        else
            w.null();
    }
    w.key("power_state").value(n.power_state);
    w.key("power_type").value(n.power_type);
    w.key("resource_uri").value(uri(std::string(collection) + "/" + n.system_id + "/"));
    // Racks' rackd and dhcpd, regions' regiond (from their workers' heartbeats), as MAAS.
    if (collection == "rackcontrollers" || collection == "regioncontrollers")
        writeServices(w, n.services);
    if (machine)
        w.key("status").value(n.status).key("status_name").value(machineStatusName(n.status));
    w.key("system_id").value(n.system_id);
    if (machine) {
        w.key("tag_names").beginArray();
        for (const auto& t : n.tag_names)
            w.value(t);
        w.endArray();
        w.key("zone");
        writeGroup(w, n.zone, "zones/" + n.zone.name);
    }
    if (!machine) {
        w.key("version").value(n.version);
        // Empty when the versions agree; a mismatch is a warning, never a refusal.
        w.key("version_warning").value(n.version_warning);
    }
    w.endObject();
}

Object::Ptr nodeJson(const Node& n, const std::string& collection) {
    return asTree([&](JsonStream& w) { writeNode(w, n, collection); });
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
