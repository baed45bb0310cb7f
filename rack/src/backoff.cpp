#include "maas/rack/backoff.h"

#include <algorithm>
#include <cmath>

namespace maas::rack {

Millis backoffDelay(const BackoffPolicy& policy, unsigned attempt, double random01) {
    const double max = static_cast<double>(policy.max.count());
    // Cap the exponent so the power cannot overflow for long outages.
    const double raw = static_cast<double>(policy.initial.count()) *
                       std::pow(policy.factor, std::min(attempt, 30u));
    const double capped = std::min(raw, max);
    const double r = std::clamp(random01, 0.0, 1.0);
    const double scaled = capped * (1.0 - policy.jitter * r);
    return Millis(static_cast<long long>(std::max(scaled, 1.0)));
}

}  // namespace maas::rack
