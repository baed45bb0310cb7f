#pragma once

#include <chrono>
#include <optional>
#include <set>
#include <vector>

#include "maas/rack/endpoint.h"

namespace maas::rack {

enum class Connectivity { None, Partial, Full };

Connectivity connectivity(size_t connected, size_t wanted);

/// How long until the next discovery round, as MAAS does: every second while disconnected or in
/// the first 30 s, every 5 s while partly connected, every 30 s when connected to every worker.
std::chrono::milliseconds discoveryInterval(Connectivity state,
                                            std::chrono::milliseconds since_start);

/// The endpoints to hold after one discovery round. Every URL's answer lists every worker of
/// every region, so the union of the answers that arrived is the truth; when no URL answered,
/// keep what we have (known regions from disk on start) rather than dropping everything.
std::set<Endpoint> desiredEndpoints(
    const std::vector<std::optional<std::vector<Endpoint>>>& answers,
    const std::set<Endpoint>& current);

struct EndpointChanges {
    std::vector<Endpoint> add;
    std::vector<Endpoint> remove;
};
EndpointChanges diffEndpoints(const std::set<Endpoint>& current, const std::set<Endpoint>& desired);

}  // namespace maas::rack
