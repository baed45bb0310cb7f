// A clock for tests that stands still until the test advances it.
#pragma once

#include <atomic>
#include <chrono>

#include "maas/common/clock.h"

namespace maas::test {

/// Time moves only through advance(). A waiter rechecks its condition and this clock every
/// millisecond of real time (its condition variable belongs to the code under test, which this
/// clock cannot notify), so an advance past its deadline ends its wait at once, whatever the
/// simulated length.
class ManualClock final : public Clock {
  public:
    TimePoint now() const override {
        return TimePoint(std::chrono::steady_clock::duration(ticks_.load()));
    }
    void advance(std::chrono::steady_clock::duration by) { ticks_ += by.count(); }
    bool waitUntil(std::unique_lock<std::mutex>& lock, std::condition_variable& wake,
                   TimePoint deadline, const std::function<bool()>& done) override {
        countSleeper(+1);
        while (!done() && now() < deadline) {
            wake.wait_for(lock, std::chrono::milliseconds(1));
        }
        countSleeper(-1);
        return done();
    }
    /// Waits (bounded, in real time) until `n` threads wait on this clock: an advance made
    /// after that reaches them, instead of landing before they compute their deadline.
    bool awaitSleepers(int n, std::chrono::milliseconds bound = std::chrono::seconds(10)) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, bound, [&] { return sleepers_ >= n; });
    }

  private:
    void countSleeper(int delta) {
        std::lock_guard lock(mutex_);
        sleepers_ += delta;
        changed_.notify_all();
    }

    std::mutex mutex_;
    std::condition_variable changed_;
    int sleepers_ = 0;
    // Starts far from zero so "now - something" never underflows in the code under test.
    std::atomic<std::chrono::steady_clock::rep> ticks_{
        std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::hours(1000))
            .count()};
};

}  // namespace maas::test
