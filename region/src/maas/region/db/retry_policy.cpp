#include "maas/region/db/retry_policy.h"

namespace maas::region::db {

bool isReadMethod(std::string_view method) {
    return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

std::optional<std::chrono::milliseconds> RetryPolicy::retryAfter(int next_attempt,
                                                                 std::string_view method,
                                                                 bool commit_sent) const {
    if (next_attempt < 2 || next_attempt > max_attempts)
        return std::nullopt;
    if (commit_sent && !isReadMethod(method))
        return std::nullopt;  // it may have committed: replaying could apply it twice
    auto wait = first_backoff;
    for (int i = 2; i < next_attempt; ++i)
        wait *= backoff_factor;
    return wait;
}

}  // namespace maas::region::db
