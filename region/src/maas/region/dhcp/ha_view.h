#pragma once

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace maas::region::dhcp {

/// One rack of a DHCP pair as operators see it: its hook's last report (DHCPHAStatus) and the
/// region's liveness.
struct HaRackView {
    std::string role;  ///< primary | secondary
    std::string system_id;
    std::string hostname;
    std::string rackd = "unknown";  ///< the rackd service row: running, degraded, dead
    bool reported = false;          ///< the hook ever reported
    std::string state;              ///< hook state; "unknown" when the report is stale
    std::string reported_state;     ///< as last reported
    std::string partner_state;
    bool link_up = false;
    int64_t backlog = 0;
    int64_t last_contact_ms_ago = -1;  ///< the hook's last word from its partner
    int64_t report_ms_ago = -1;        ///< how old the report is
    std::string allocation;
    int64_t update_latency_us = 0;  ///< mean time for the partner to store and ack an update
    int64_t last_failover_ms_ago = -1;
    std::string last_failover_reason;
};

struct HaVlanView {
    int64_t vlan_id = 0;
    int vid = 0;
    std::string fabric;
    bool dhcp_on = false;
    std::vector<HaRackView> racks;  ///< primary first
    int64_t takeovers = 0;          ///< witness takeovers ordered on this VLAN
    std::string last_takeover_at;   ///< ISO 8601 UTC, "" if none
    std::string last_takeover_reason;
    std::string last_takeover_rack;
};

/// A report older than this says nothing about now (the racks report once a second).
inline constexpr int64_t kHaReportFreshMs = 3000;

/// The `dhcp_ha` object of a VLAN (API shape in region/README.md).
Poco::JSON::Object::Ptr dhcpHaJson(const HaVlanView& view);
/// Whether the VLAN's DHCP is degraded: a rack not normal, a link down, or a stale report.
bool haDegraded(const HaVlanView& view);
/// The maas_dhcp_ha_* series in Prometheus text format.
std::string haMetricsText(const std::vector<HaVlanView>& views);

}  // namespace maas::region::dhcp
