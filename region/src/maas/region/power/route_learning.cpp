#include "maas/region/power/route_learning.h"

namespace maas::region::power {

RouteObservations observeRoutes(const std::vector<maas::rpc::PowerStateChange>& results,
                                const std::map<std::string, std::string>& address_by_machine) {
    RouteObservations out;
    for (const auto& result : results) {
        const auto it = address_by_machine.find(result.system_id);
        if (it == address_by_machine.end() || it->second.empty())
            continue;
        (result.state == "error" ? out.failed : out.reached).insert(it->second);
    }
    for (const auto& address : out.reached)
        out.failed.erase(address);
    return out;
}

RouteStep nextRouteStep(int failures, bool reached, int forget_after) {
    if (reached)
        return {0, false};
    const int now = failures + 1;
    return {now, now >= forget_after};
}

}  // namespace maas::region::power
