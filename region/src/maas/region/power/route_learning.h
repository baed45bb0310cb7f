#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "maas/rpc/power_commands.h"

namespace maas::region::power {

/// Consecutive failed calls through a rack after which its learned route to a BMC is dropped
/// (the BMC then falls back to racks on its subnet, other learned routes, or every live rack).
inline constexpr int kRouteForgetAfter = 3;

/// What one rack's calls told us about its routes to BMC addresses.
struct RouteObservations {
    std::set<std::string> reached;  ///< the BMC at this address answered the rack
    std::set<std::string> failed;   ///< every call to this address failed
};

/// From one rack's poll results and each machine's BMC address (pure): any state but "error"
/// means the rack reached that BMC. An address reached by one machine's poll and failed by
/// another's in the same batch counts as reached (machines can share a BMC host, and one bad
/// password does not make the host unreachable). Machines with no known address are skipped.
RouteObservations observeRoutes(const std::vector<maas::rpc::PowerStateChange>& results,
                                const std::map<std::string, std::string>& address_by_machine);

/// A learned route's state after one more observation (pure): a success resets the count of
/// consecutive failures, a failure adds one; `forget` once it reaches forget_after.
struct RouteStep {
    int failures = 0;
    bool forget = false;
};
RouteStep nextRouteStep(int failures, bool reached, int forget_after = kRouteForgetAfter);

}  // namespace maas::region::power
