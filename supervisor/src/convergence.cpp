#include "maas/supervisor/convergence.h"

#include <algorithm>

namespace maas::supervisor {

namespace {

bool dependenciesReady(const ServiceSpec& spec, const std::map<std::string, ServiceView>& current) {
    return std::all_of(spec.after.begin(), spec.after.end(), [&](const std::string& dep) {
        auto it = current.find(dep);
        return it != current.end() && it->second.state == ServiceState::Ready;
    });
}

}  // namespace

std::vector<ConvergeStep> convergeSteps(const std::vector<ServiceSpec>& plan,
                                        const std::map<std::string, ServiceView>& current,
                                        bool retry_failed) {
    std::vector<ConvergeStep> steps;
    for (const auto& [name, view] : current) {
        const bool planned = std::any_of(plan.begin(), plan.end(),
                                         [&](const ServiceSpec& s) { return s.name == name; });
        if (!planned && view.state != ServiceState::Down && view.state != ServiceState::Failed &&
            view.state != ServiceState::Stopping) {
            steps.push_back({name, ServiceEvent::Stop});
        }
    }
    for (const auto& spec : plan) {
        auto it = current.find(spec.name);
        const ServiceState state = it == current.end() ? ServiceState::Down : it->second.state;
        if (hasProcess(state) && state != ServiceState::Stopping &&
            state != ServiceState::Restarting && it->second.fingerprint != spec.fingerprint) {
            steps.push_back({spec.name, ServiceEvent::Restart});
            continue;
        }
        if (spec.on_demand) {
            continue;
        }
        const bool wants_start =
            state == ServiceState::Down || (retry_failed && state == ServiceState::Failed);
        if (wants_start && dependenciesReady(spec, current)) {
            steps.push_back({spec.name, ServiceEvent::Start});
        }
    }
    return steps;
}

}  // namespace maas::supervisor
