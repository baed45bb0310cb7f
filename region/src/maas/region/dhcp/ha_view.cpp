#include "maas/region/dhcp/ha_view.h"

#include <Poco/JSON/Array.h>

#include <sstream>

namespace maas::region::dhcp {

using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

const char* const kStates[] = {
    "startup",      "sync",    "normal",     "communications-interrupted",
    "partner-down", "recover", "standalone", "unknown"};

Object::Ptr rackJson(const HaRackView& r) {
    Object::Ptr o = new Object;
    o->set("role", r.role);
    o->set("system_id", r.system_id);
    o->set("hostname", r.hostname);
    o->set("rackd", r.rackd);
    o->set("state", r.state);
    o->set("reported_state",
           r.reported ? Poco::Dynamic::Var(r.reported_state) : Poco::Dynamic::Var());
    o->set("partner_state", r.partner_state);
    o->set("link", r.link_up ? "up" : "down");
    o->set("backlog", r.backlog);
    o->set("last_contact_ms_ago", r.last_contact_ms_ago);
    o->set("reported_ms_ago", r.report_ms_ago);
    o->set("allocation", r.allocation);
    o->set("update_latency_ms", static_cast<double>(r.update_latency_us) / 1000.0);
    Object::Ptr failover = new Object;
    failover->set("ms_ago", r.last_failover_ms_ago);
    failover->set("reason", r.last_failover_reason);
    o->set("last_failover", failover);
    return o;
}

std::string labels(const HaVlanView& v, const HaRackView& r) {
    return "vlan=\"" + v.fabric + "." + std::to_string(v.vid) + "\",rack=\"" + r.hostname + "\"";
}

}  // namespace

bool haDegraded(const HaVlanView& v) {
    if (v.racks.size() < 2)
        return true;
    for (const auto& r : v.racks)
        if (r.state != "normal" || !r.link_up)
            return true;
    return false;
}

Object::Ptr dhcpHaJson(const HaVlanView& v) {
    Object::Ptr o = new Object;
    Array::Ptr racks = new Array;
    for (const auto& r : v.racks)
        racks->add(rackJson(r));
    o->set("racks", racks);
    o->set("degraded", haDegraded(v));
    o->set("failovers", v.takeovers);
    if (v.last_takeover_at.empty()) {
        o->set("last_failover", Poco::Dynamic::Var());
    } else {
        Object::Ptr last = new Object;
        last->set("at", v.last_takeover_at);
        last->set("reason", v.last_takeover_reason);
        last->set("rack", v.last_takeover_rack);
        o->set("last_failover", last);
    }
    return o;
}

std::string haMetricsText(const std::vector<HaVlanView>& views) {
    std::ostringstream out;
    out << "# HELP maas_dhcp_ha_state DHCP HA state of each rack of a pair (1 for the current "
           "state; unknown when its report is stale).\n# TYPE maas_dhcp_ha_state gauge\n";
    for (const auto& v : views)
        for (const auto& r : v.racks)
            for (const char* s : kStates)
                out << "maas_dhcp_ha_state{" << labels(v, r) << ",state=\"" << s << "\"} "
                    << (r.state == s ? 1 : 0) << "\n";
    out << "# HELP maas_dhcp_ha_link_up Whether the rack's hook has its partner link up.\n"
           "# TYPE maas_dhcp_ha_link_up gauge\n";
    for (const auto& v : views)
        for (const auto& r : v.racks)
            out << "maas_dhcp_ha_link_up{" << labels(v, r) << "} " << (r.link_up ? 1 : 0) << "\n";
    out << "# HELP maas_dhcp_ha_backlog Lease changes waiting for the partner.\n"
           "# TYPE maas_dhcp_ha_backlog gauge\n";
    for (const auto& v : views)
        for (const auto& r : v.racks)
            out << "maas_dhcp_ha_backlog{" << labels(v, r) << "} " << r.backlog << "\n";
    out << "# HELP maas_dhcp_ha_update_latency_seconds Mean time for the partner to store and "
           "acknowledge a lease update.\n# TYPE maas_dhcp_ha_update_latency_seconds gauge\n";
    for (const auto& v : views)
        for (const auto& r : v.racks)
            out << "maas_dhcp_ha_update_latency_seconds{" << labels(v, r) << "} "
                << static_cast<double>(r.update_latency_us) / 1e6 << "\n";
    out << "# HELP maas_dhcp_ha_failovers_total Takeovers the witness ordered on the VLAN.\n"
           "# TYPE maas_dhcp_ha_failovers_total counter\n";
    for (const auto& v : views)
        out << "maas_dhcp_ha_failovers_total{vlan=\"" << v.fabric << "." << v.vid << "\"} "
            << v.takeovers << "\n";
    return out.str();
}

}  // namespace maas::region::dhcp
