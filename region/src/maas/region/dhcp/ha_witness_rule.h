#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace maas::region::dhcp {

/// What the region knows of one rack of a DHCP pair.
struct WitnessRack {
    int64_t node_id = 0;
    std::string system_id;
    std::string hostname;
    std::optional<int64_t> heard_ms_ago;  ///< last heartbeat on any worker; none: never
    std::string state = "unknown";        ///< the hook's state in its last report
    bool holds_partner_leases = false;
    std::optional<int64_t> report_ms_ago;  ///< none: never reported
};

struct WitnessPair {
    int64_t vlan_id = 0;
    WitnessRack primary;
    WitnessRack secondary;
};

/// The witness's settings and the fencing constants (hooks/README.md, "Witness and fencing").
struct WitnessPolicy {
    bool auto_takeover = true;
    int64_t dead_after_ms = 5000;    ///< N
    int64_t fence_time_ms = 4000;    ///< T, the hooks' fence-time
    int64_t clock_rate_ppm = 1000;   ///< r
    int64_t margin_ms = 250;         ///< m
    int64_t report_fresh_ms = 3000;  ///< an older report says nothing about now
};

struct TakeoverOrder {
    int64_t vlan_id = 0;
    const WitnessRack* survivor = nullptr;
    const WitnessRack* dead = nullptr;
    int64_t fence_wait_ms = 0;
    std::string reason;
};

/// W = max(0, T (1 + 2r) + m - A): the survivor's wait after the order, A being how long ago
/// the dead rack was last heard.
int64_t fenceWaitMs(const WitnessPolicy& policy, int64_t dead_heard_ms_ago);

/// Whether the witness orders a takeover in this pair now, and which rack takes over. An order
/// needs: automatic takeover on; one rack dead (no worker heard it for N); the other heard
/// within N, reporting (freshly) communications-interrupted and holding the dead rack's leases;
/// the dead rack's last report not partner-down (then it held the pool and the survivor lacks
/// its leases: the operator decides).
std::optional<TakeoverOrder> witnessOrder(const WitnessPair& pair, const WitnessPolicy& policy);

}  // namespace maas::region::dhcp
