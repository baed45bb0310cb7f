#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace maas::region::db {

/// Whether a request whose transaction failed by connection loss may run again, and after
/// how long. Reads always may; a write only when its COMMIT was never sent (then the server
/// rolled it back for certain). A failed COMMIT is ambiguous: never replayed.
struct RetryPolicy {
    int max_attempts = 4;  ///< attempts in all, the first included
    std::chrono::milliseconds first_backoff{250};
    int backoff_factor = 2;

    /// The wait before attempt number `next_attempt` (2, 3, ...), or nullopt: give up.
    std::optional<std::chrono::milliseconds> retryAfter(int next_attempt, std::string_view method,
                                                        bool commit_sent) const;
};

/// GET, HEAD and OPTIONS change nothing, so running them twice is harmless.
bool isReadMethod(std::string_view method);

}  // namespace maas::region::db
