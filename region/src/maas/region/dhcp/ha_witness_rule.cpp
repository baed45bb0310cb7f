#include "maas/region/dhcp/ha_witness_rule.h"

#include <algorithm>

namespace maas::region::dhcp {

int64_t fenceWaitMs(const WitnessPolicy& p, int64_t dead_heard_ms_ago) {
    const int64_t stretch = (p.fence_time_ms * 2 * p.clock_rate_ppm + 999999) / 1000000;
    const int64_t horizon = p.fence_time_ms + stretch + p.margin_ms;
    return std::max<int64_t>(0, horizon - std::max<int64_t>(0, dead_heard_ms_ago));
}

namespace {

bool dead(const WitnessRack& r, const WitnessPolicy& p) {
    return r.heard_ms_ago && *r.heard_ms_ago >= p.dead_after_ms;
}

bool canTakeOver(const WitnessRack& r, const WitnessPolicy& p) {
    return r.heard_ms_ago && *r.heard_ms_ago < p.dead_after_ms && r.report_ms_ago &&
           *r.report_ms_ago <= p.report_fresh_ms && r.state == "communications-interrupted" &&
           r.holds_partner_leases;
}

bool mayBeReplaced(const WitnessRack& r) {
    // A report is needed (else what it did is unknown), and not one of holding the pool.
    return r.report_ms_ago.has_value() && r.state != "partner-down" && r.state != "unknown";
}

}  // namespace

std::optional<TakeoverOrder> witnessOrder(const WitnessPair& pair, const WitnessPolicy& policy) {
    if (!policy.auto_takeover) {
        return std::nullopt;
    }
    for (const auto& [survivor, gone] :
         {std::pair{&pair.secondary, &pair.primary}, std::pair{&pair.primary, &pair.secondary}}) {
        if (dead(*gone, policy) && canTakeOver(*survivor, policy) && mayBeReplaced(*gone)) {
            const int64_t silent_s = *gone->heard_ms_ago / 1000;
            return TakeoverOrder{
                pair.vlan_id, survivor, gone, fenceWaitMs(policy, *gone->heard_ms_ago),
                "rack " + gone->hostname + " silent for " + std::to_string(silent_s) + " s; " +
                    survivor->hostname + " reported communications-interrupted"};
        }
    }
    return std::nullopt;
}

}  // namespace maas::region::dhcp
