#pragma once

#include <map>
#include <string>
#include <vector>

#include "maas/supervisor/lifecycle.h"
#include "maas/supervisor/service_plan.h"

namespace maas::supervisor {

/// What convergence needs to know about a service that exists now.
struct ServiceView {
    ServiceState state = ServiceState::Down;
    std::string fingerprint;  ///< of the spec it was last spawned from
};

struct ConvergeStep {
    std::string service;
    ServiceEvent event;
    bool operator==(const ConvergeStep&) const = default;
};

/// The events that move the current services towards the plan: stop what the plan no longer
/// names, start what it names once its dependencies are ready, restart what runs with a stale
/// fingerprint. Failed services are started again only when retry_failed (SIGHUP, operator).
std::vector<ConvergeStep> convergeSteps(const std::vector<ServiceSpec>& plan,
                                        const std::map<std::string, ServiceView>& current,
                                        bool retry_failed);

}  // namespace maas::supervisor
