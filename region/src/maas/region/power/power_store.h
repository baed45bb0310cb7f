#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "maas/region/db/pg.h"
#include "maas/region/power/power_command.h"
#include "maas/region/power/rendezvous.h"
#include "maas/region/power/route_learning.h"
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
    /// Learns routes the rack showed it has and counts failures on known ones, dropping a
    /// route after kRouteForgetAfter failures in a row (nextRouteStep).
    void applyRoutes(const std::string& rack_system_id, const RouteObservations& seen);
    /// Routes taught by one API power call: its answering rack reached the BMC, racks that
    /// got the BMC's error did not.
    void applyRoutes(const PowerOutcome& outcome, const std::string& bmc_address);
    /// The BMC address (bmcTarget) of each of these machines that has one.
    std::map<std::string, std::string> bmcAddresses(const std::vector<std::string>& system_ids);
    void setPowerState(const std::string& machine_system_id, const std::string& state);
    /// For a sequenced report: true when the rack's (queue, seq) is new, and then recorded as
    /// applied (locked until the transaction ends, so two workers given one report apply it
    /// once); false for a report applied already. A rack without a node row: true.
    bool claimReport(const std::string& rack_system_id, const std::string& queue, int64_t seq);
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
