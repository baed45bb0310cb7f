#include "maas/rack/connection_plan.h"

namespace maas::rack {

std::string Endpoint::toString() const {
    if (host.find(':') != std::string::npos) {
        return "[" + host + "]:" + std::to_string(port);
    }
    return host + ":" + std::to_string(port);
}

Connectivity connectivity(size_t connected, size_t wanted) {
    if (connected == 0 || wanted == 0) {
        return Connectivity::None;
    }
    return connected >= wanted ? Connectivity::Full : Connectivity::Partial;
}

std::chrono::milliseconds discoveryInterval(Connectivity state,
                                            std::chrono::milliseconds since_start) {
    using namespace std::chrono_literals;
    if (state == Connectivity::None || since_start < 30s) {
        return 1s;
    }
    return state == Connectivity::Partial ? 5s : 30s;
}

std::set<Endpoint> desiredEndpoints(
    const std::vector<std::optional<std::vector<Endpoint>>>& answers,
    const std::set<Endpoint>& current) {
    std::set<Endpoint> desired;
    bool any = false;
    for (const auto& answer : answers) {
        if (answer) {
            any = true;
            desired.insert(answer->begin(), answer->end());
        }
    }
    return any ? desired : current;
}

EndpointChanges diffEndpoints(const std::set<Endpoint>& current,
                              const std::set<Endpoint>& desired) {
    EndpointChanges changes;
    for (const auto& e : desired) {
        if (!current.contains(e)) {
            changes.add.push_back(e);
        }
    }
    for (const auto& e : current) {
        if (!desired.contains(e)) {
            changes.remove.push_back(e);
        }
    }
    return changes;
}

}  // namespace maas::rack
