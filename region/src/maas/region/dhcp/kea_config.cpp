#include "maas/region/dhcp/kea_config.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <algorithm>
#include <sstream>

#include "maas/common/ip.h"

namespace maas::region::dhcp {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

std::optional<uint32_t> ipv4(const std::string& text) {
    const auto ip = net::IpAddress::parse(text);
    if (!ip || ip->family != 4)
        return std::nullopt;
    return (uint32_t{ip->bytes[12]} << 24) | (uint32_t{ip->bytes[13]} << 16) |
           (uint32_t{ip->bytes[14]} << 8) | uint32_t{ip->bytes[15]};
}

std::string ipv4Text(uint32_t v) {
    return std::to_string(v >> 24) + "." + std::to_string((v >> 16) & 0xff) + "." +
           std::to_string((v >> 8) & 0xff) + "." + std::to_string(v & 0xff);
}

using Span = std::pair<uint32_t, uint32_t>;

std::vector<Span> spans(const std::vector<AddressRange>& ranges) {
    std::vector<Span> out;
    for (const auto& r : ranges) {
        const auto a = ipv4(r.start), b = ipv4(r.end);
        if (a && b && *a <= *b)
            out.emplace_back(*a, *b);
    }
    std::sort(out.begin(), out.end());
    return out;
}

Object::Ptr ordered() {
    return new Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

Object::Ptr stderrLogger(const std::string& name, const std::string& severity) {
    auto logger = ordered();
    logger->set("name", name);
    logger->set("severity", severity);
    Array::Ptr outputs = new Array;
    auto output = ordered();
    output->set("output", "stderr");
    outputs->add(output);
    logger->set("output_options", outputs);
    return logger;
}

Object::Ptr option(const std::string& name, const std::string& data) {
    auto o = ordered();
    o->set("name", name);
    o->set("data", data);
    return o;
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items)
        out += (out.empty() ? "" : ", ") + i;
    return out;
}

Object::Ptr subnetJson(const DhcpSubnet& s, const std::string& interface) {
    auto o = ordered();
    o->set("id", s.id);
    o->set("subnet", s.cidr);
    o->set("interface", interface);
    Array::Ptr pools = new Array;
    for (const auto& r : poolRanges(s.dynamic_ranges, s.reserved_ranges)) {
        auto p = ordered();
        p->set("pool", r.start + " - " + r.end);
        pools->add(p);
    }
    o->set("pools", pools);
    Array::Ptr options = new Array;
    if (s.gateway_ip && !s.gateway_ip->empty())
        options->add(option("routers", *s.gateway_ip));
    std::vector<std::string> dns;
    for (const auto& d : s.dns_servers)
        if (ipv4(d))
            dns.push_back(d);
    if (!dns.empty())
        options->add(option("domain-name-servers", joined(dns)));
    o->set("option-data", options);
    return o;
}

// A rack without a partner still loads the hook, in its partner-less mode, so that its lease
// events reach rackd (and so the region's lease list) as they do for a pair.
Object::Ptr standaloneParameters(const VlanDuty& first, const KeaPaths& paths) {
    auto o = ordered();
    o->set("role", "standalone");
    o->set("address", first.own_address);
    o->set("event-socket", paths.event_socket);
    return o;
}

Object::Ptr hookParameters(const VlanDuty& pair, const KeaPaths& paths, const DhcpPolicy& p) {
    auto o = ordered();
    o->set("role", pair.primary ? "primary" : "secondary");
    o->set("address", pair.own_address);
    o->set("peer-address", *pair.peer_address);
    o->set("port", p.peer_port);
    o->set("split", p.split);
    o->set("mclt", p.mclt);
    o->set("max-response-delay", p.max_response_delay);
    o->set("max-unacked-updates", p.max_unacked_updates);
    o->set("load-balance-max-seconds", p.load_balance_max_seconds);
    o->set("heartbeat-interval", p.heartbeat_interval_ms);
    o->set("fence-time", p.fence_time_ms);
    o->set("secret-file", paths.secret_file);
    o->set("event-socket", paths.event_socket);
    return o;
}

Object::Ptr library(const std::string& path, Object::Ptr parameters = nullptr) {
    auto o = ordered();
    o->set("library", path);
    if (parameters)
        o->set("parameters", parameters);
    return o;
}

struct Selection {
    const VlanDuty* pair = nullptr;  ///< the VLAN whose partner the hook pairs with
    std::vector<const VlanDuty*> served;
};

// One hook mode per Kea process: with a partner, every served VLAN is replicated to it, so a
// VLAN the rack serves alone cannot be served next to an HA VLAN (the partner has no such
// subnet and refuses its leases, which drops the clients' ACKs). HA VLANs win: a pair is the
// operator's explicit redundancy choice, and the fix for the other VLAN is to give it the
// same secondary.
Selection selectServed(const std::vector<VlanDuty>& duties, std::vector<std::string>& warnings) {
    Selection out;
    for (const auto& d : duties) {
        if (d.interface.empty() || !ipv4(d.own_address)) {
            warnings.push_back("VLAN " + d.vlan_name +
                               ": this rack has no IPv4 address on it; not served.");
            continue;
        }
        if (d.peer_address && !out.pair)
            out.pair = &d;
    }
    for (const auto& d : duties) {
        if (d.interface.empty() || !ipv4(d.own_address))
            continue;
        if (out.pair && !d.peer_address) {
            warnings.push_back("VLAN " + d.vlan_name +
                               ": no secondary rack, but this rack runs "
                               "DHCP in HA mode with " +
                               *out.pair->peer_address +
                               " (one hook mode per rack); not served. Make " +
                               *out.pair->peer_address + " its secondary too.");
            continue;
        }
        if (out.pair && *d.peer_address != *out.pair->peer_address) {
            warnings.push_back("VLAN " + d.vlan_name + ": its partner " + *d.peer_address +
                               " differs from " + *out.pair->peer_address +
                               " (one HA partner per rack); not served.");
            continue;
        }
        out.served.push_back(&d);
    }
    return out;
}

}  // namespace

std::vector<AddressRange> poolRanges(const std::vector<AddressRange>& dynamic,
                                     const std::vector<AddressRange>& reserved) {
    const auto holes = spans(reserved);
    std::vector<AddressRange> out;
    for (auto [start, end] : spans(dynamic)) {
        uint64_t next = start;  // 64 bits: the range may end at 255.255.255.255
        for (const auto& [hs, he] : holes) {
            if (he < next || hs > end)
                continue;
            if (hs > next)
                out.push_back({ipv4Text(static_cast<uint32_t>(next)), ipv4Text(hs - 1)});
            next = std::max<uint64_t>(next, uint64_t{he} + 1);
        }
        if (next <= end)
            out.push_back({ipv4Text(static_cast<uint32_t>(next)), ipv4Text(end)});
    }
    return out;
}

KeaConfig buildKeaConfig(std::vector<VlanDuty> duties, const KeaPaths& paths,
                         const DhcpPolicy& policy) {
    KeaConfig out;
    std::sort(duties.begin(), duties.end(),
              [](const VlanDuty& a, const VlanDuty& b) { return a.vlan_id < b.vlan_id; });
    const auto [pair, served] = selectServed(duties, out.warnings);
    std::vector<std::string> names;
    Array::Ptr subnets = new Array;
    for (const auto* d : served) {
        bool any = false;
        for (const auto& s : d->subnets) {
            if (s.cidr.find(':') != std::string::npos)
                continue;  // DHCPv6 is not served (MAAS gives it no failover either)
            subnets->add(subnetJson(s, d->interface));
            any = true;
        }
        if (any && std::find(names.begin(), names.end(), d->interface) == names.end())
            names.push_back(d->interface);
    }
    if (subnets->size() == 0)
        return out;

    auto dhcp4 = ordered();
    auto ifaces = ordered();
    Array::Ptr interfaces = new Array;
    for (const auto& n : names)
        interfaces->add(n);
    ifaces->set("interfaces", interfaces);
    // Local clients broadcast: only raw sockets hear them (udp hears relayed traffic only).
    ifaces->set("dhcp-socket-type", "raw");
    dhcp4->set("interfaces-config", ifaces);
    auto control = ordered();
    control->set("socket-type", "unix");
    control->set("socket-name", paths.data_dir + "/kea-dhcp4.ctrl");
    dhcp4->set("control-socket", control);
    auto leases = ordered();
    leases->set("type", "memfile");
    leases->set("persist", true);
    leases->set("name", paths.data_dir + "/dhcp4.leases");
    leases->set("lfc-interval", 3600);
    dhcp4->set("lease-database", leases);
    auto mt = ordered();
    mt->set("enable-multi-threading", false);
    dhcp4->set("multi-threading", mt);
    dhcp4->set("valid-lifetime", policy.valid_lifetime);
    dhcp4->set("renew-timer", policy.valid_lifetime / 2);
    dhcp4->set("rebind-timer", policy.valid_lifetime * 7 / 8);
    Array::Ptr global_options = new Array;
    global_options->add(option("domain-name", policy.domain));
    dhcp4->set("option-data", global_options);
    Array::Ptr hooks = new Array;
    // The HA hook stores and reads leases through lease_cmds: it must be loaded first.
    hooks->add(library(paths.lease_cmds_library));
    hooks->add(library(paths.ha_hook_library, pair ? hookParameters(*pair, paths, policy)
                                                   : standaloneParameters(*served.front(), paths)));
    dhcp4->set("hooks-libraries", hooks);
    dhcp4->set("subnet4", subnets);
    Array::Ptr loggers = new Array;
    // Kea's INFO logs every lease and slows it down; the HA hook's INFO is its link and state
    // changes, which operators need.
    loggers->add(stderrLogger("kea-dhcp4", "WARN"));
    loggers->add(stderrLogger("kea-dhcp4.maas-ha", "INFO"));
    dhcp4->set("loggers", loggers);

    auto root = ordered();
    root->set("Dhcp4", dhcp4);
    std::ostringstream text;
    root->stringify(text, 2);
    out.serving = true;
    out.json = text.str();
    return out;
}

}  // namespace maas::region::dhcp
