#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "maas/region/db/pg.h"
#include "maas/region/power/rendezvous.h"
#include "maas/rpc/power_commands.h"

namespace maas::region::power {

/// A rack counts as live while one of its connections heartbeated this recently (racks
/// heartbeat every second; a killed rack's rows go at once when its sockets close).
inline constexpr std::chrono::seconds kRackDeadAfter{3};

/// The power side of the database: live racks with their subnets and learned BMC routes,
/// power states, and the machines racks poll.
class PowerStore {
  public:
    explicit PowerStore(db::Connection& conn) : conn_(conn) {}

    std::vector<RackCandidate> liveRacks(std::chrono::seconds dead_after = kRackDeadAfter);
    /// Records that the rack reached the BMC (eligibility later); no-op for "".
    void recordRoute(const std::string& rack_system_id, const std::string& bmc_address);
    void setPowerState(const std::string& machine_system_id, const std::string& state);
    /// Every machine with a pollable power type.
    std::vector<maas::rpc::PowerArgs> pollableMachines();

  private:
    db::Connection& conn_;
};

/// The owner (first rack in ownerOrder) of each machine's BMC among the racks, by machine
/// system_id; machines without a live rack are absent.
std::map<std::string, const RackCandidate*> owners(const std::vector<RackCandidate>& racks,
                                                   const std::vector<maas::rpc::PowerArgs>& bmcs);

}  // namespace maas::region::power
