#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>

namespace maas {

/// Time as a component sees it: the steady clock in the product; in tests a clock that moves
/// only when told to, so a test of a timeout advances time instead of sleeping through it.
class Clock {
  public:
    using TimePoint = std::chrono::steady_clock::time_point;
    virtual ~Clock() = default;
    virtual TimePoint now() const = 0;
    /// Waits on `wake` (`lock` held on entry and on return) until `done()` holds or this clock
    /// reaches `deadline`. Returns done().
    virtual bool waitUntil(std::unique_lock<std::mutex>& lock, std::condition_variable& wake,
                           TimePoint deadline, const std::function<bool()>& done) = 0;
};

/// The process's steady clock.
Clock& steadyClock();

}  // namespace maas
