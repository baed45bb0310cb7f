#include "maas/region/auth/login_throttle.h"

#include <algorithm>

namespace maas::region::auth {

namespace {
std::string userKey(const std::string& username) {
    return "u:" + username;
}
std::string addressKey(const std::string& address) {
    return "a:" + address;
}
}  // namespace

std::chrono::milliseconds LoginThrottle::delayAfter(int failures) const {
    const int over = failures - options_.free_failures;
    if (over <= 0)
        return std::chrono::milliseconds(0);
    // Doubling stops well before the shift could overflow: the cap is reached long before.
    const int shift = std::min(over - 1, 30);
    const auto delay = options_.base_delay * (int64_t{1} << shift);
    return std::min<std::chrono::milliseconds>(delay, options_.max_delay);
}

std::optional<std::chrono::milliseconds> LoginThrottle::blockedFor(const std::string& username,
                                                                   const std::string& address,
                                                                   Clock::time_point now) const {
    std::lock_guard lock(mutex_);
    Clock::time_point until = now;
    for (const auto& key : {userKey(username), addressKey(address)}) {
        const auto it = entries_.find(key);
        if (it != entries_.end())
            until = std::max(until, it->second.blocked_until);
    }
    if (until <= now)
        return std::nullopt;
    return std::chrono::ceil<std::chrono::milliseconds>(until - now);
}

void LoginThrottle::recordFailure(const std::string& username, const std::string& address,
                                  Clock::time_point now) {
    std::lock_guard lock(mutex_);
    fail(userKey(username), now);
    fail(addressKey(address), now);
}

void LoginThrottle::fail(const std::string& key, Clock::time_point now) {
    auto it = entries_.find(key);
    if (it == entries_.end()) {
        if (entries_.size() >= options_.max_entries)
            evictOne();
        it = entries_.emplace(key, Entry{}).first;
    }
    auto& e = it->second;
    // A key quiet for longer than the longest delay starts over.
    if (e.failures > 0 && now - e.last_failure > 2 * options_.max_delay)
        e.failures = 0;
    ++e.failures;
    e.last_failure = now;
    e.blocked_until = now + delayAfter(e.failures);
}

void LoginThrottle::evictOne() {
    auto oldest = entries_.begin();
    for (auto it = entries_.begin(); it != entries_.end(); ++it)
        if (it->second.last_failure < oldest->second.last_failure)
            oldest = it;
    if (oldest != entries_.end())
        entries_.erase(oldest);
}

void LoginThrottle::recordSuccess(const std::string& username, const std::string& address) {
    std::lock_guard lock(mutex_);
    entries_.erase(userKey(username));
    entries_.erase(addressKey(address));
}

size_t LoginThrottle::entries() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
}

}  // namespace maas::region::auth
