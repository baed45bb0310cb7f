#pragma once

#include <chrono>
#include <functional>
#include <map>

#include "maas/common/log.h"
#include "maas/common/periodic_thread.h"
#include "maas/region/db/pool.h"
#include "maas/region/dhcp/ha_witness_rule.h"
#include "maas/region/power/power_command.h"
#include "maas/rpc/message.h"

namespace maas::region::dhcp {

inline constexpr MessageId kDhcpHaTakeover{
    "REGION_DHCP_HA_TAKEOVER", Severity::Warn,
    "The witness ordered a rack to take over its dead DHCP partner's pool."};
inline constexpr MessageId kDhcpHaWitnessFailed{
    "REGION_DHCP_HA_WITNESS_FAILED", Severity::Warn,
    "The DHCP HA witness pass or a takeover order failed; retried next pass."};

/// The DHCP HA witness: once a second, on the cluster's leading worker, reads every DHCP pair's
/// liveness and hook reports and sends `DHCPPartnerDown` where witnessOrder() says so, recording
/// each order in dhcp_ha_takeovers.
class HaWitness {
  public:
    HaWitness(db::Pool& pool, power::RackCaller caller, const Logger& log, WitnessPolicy policy,
              std::function<bool()> leading,
              std::chrono::milliseconds period = std::chrono::seconds(1));
    ~HaWitness();
    void start();
    void stop();
    void runOnce();

  private:
    void order(const TakeoverOrder& order);

    db::Pool& pool_;
    power::RackCaller caller_;
    const Logger& log_;
    WitnessPolicy policy_;
    std::function<bool()> leading_;
    /// vlan -> when we last ordered: the survivor's next report shows partner-down.
    std::map<int64_t, std::chrono::steady_clock::time_point> ordered_;
    PeriodicThread thread_;
};

/// Stores a rack's DHCPHAStatus report (its one row in dhcp_ha_status).
maas::rpc::RpcMessage storeHaStatus(db::Pool& pool, const maas::rpc::RpcMessage& request,
                                    const std::string& rack_system_id, const Logger& log);

}  // namespace maas::region::dhcp
