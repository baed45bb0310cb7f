#pragma once

#include <chrono>

namespace maas::rack {

using Millis = std::chrono::milliseconds;

/// Exponential backoff with jitter: delay = min(max, initial * factor^attempt), then scaled by
/// a uniformly random factor in [1 - jitter, 1] so many racks never retry in lockstep.
struct BackoffPolicy {
    Millis initial;
    Millis max;
    double factor = 2.0;
    double jitter = 0.5;
};

/// Connection refused, reset, timed out: the region may be restarting; come back quickly.
inline constexpr BackoffPolicy kReconnectPolicy{Millis(250), Millis(5000), 2.0, 0.5};
/// Wrong secret, another MAAS, incompatible protocol: nothing will change soon; do not storm.
inline constexpr BackoffPolicy kRefusedPolicy{Millis(5000), Millis(60000), 2.0, 0.3};

/// attempt counts failures since the last success (0 = first retry). random01 in [0, 1).
Millis backoffDelay(const BackoffPolicy& policy, unsigned attempt, double random01);

}  // namespace maas::rack
