#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace maas::region::auth {

/// Throttles password guessing: after `free_failures` failed logins in a row for one username,
/// or from one source address, each further attempt for it must wait a delay that doubles
/// with every failure (base_delay, 2x, 4x, ... up to max_delay). A success clears both keys.
/// Memory is bounded: at most max_entries keys, the least recently failed dropped first.
/// Thread-safe; time is passed in, so it is pure.
class LoginThrottle {
  public:
    using Clock = std::chrono::steady_clock;
    struct Options {
        int free_failures = 5;
        std::chrono::milliseconds base_delay{1000};
        std::chrono::milliseconds max_delay{300000};
        size_t max_entries = 10000;
    };

    LoginThrottle() : LoginThrottle(Options{}) {}
    explicit LoginThrottle(Options options) : options_(options) {}

    /// How long this attempt must still wait (the username's or the address's block,
    /// whichever is longer), or nullopt when it may go ahead now.
    std::optional<std::chrono::milliseconds> blockedFor(const std::string& username,
                                                        const std::string& address,
                                                        Clock::time_point now) const;
    void recordFailure(const std::string& username, const std::string& address,
                       Clock::time_point now);
    void recordSuccess(const std::string& username, const std::string& address);

    /// The delay imposed after `failures` failures in a row (zero while within the free ones).
    std::chrono::milliseconds delayAfter(int failures) const;
    size_t entries() const;

  private:
    struct Entry {
        int failures = 0;
        Clock::time_point blocked_until;
        Clock::time_point last_failure;
    };
    void fail(const std::string& key, Clock::time_point now);
    void evictOne();

    Options options_;
    mutable std::mutex mutex_;
    std::map<std::string, Entry> entries_;
};

}  // namespace maas::region::auth
