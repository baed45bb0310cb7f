#pragma once

#include <chrono>
#include <deque>

namespace maas::supervisor {

using Clock = std::chrono::steady_clock;
using Millis = std::chrono::milliseconds;

struct RestartSettings {
    Millis backoff_initial{1000};
    Millis backoff_max{30000};
    int crash_loop_deaths = 5;
    std::chrono::seconds crash_loop_window{60};
    /// A failed service is tried again after this cool-down (0: only when started explicitly).
    std::chrono::seconds failed_retry{300};
};

/// Exponential restart delay: initial, 2x, 4x ... capped at max. A run that lasted longer than
/// the longest delay counts as stable and starts the sequence again.
class Backoff {
  public:
    explicit Backoff(const RestartSettings& settings) : settings_(settings) {}

    /// Records a death after a run of the given length; returns the delay before the respawn.
    Millis onDeath(Clock::duration ran_for);
    void reset() { consecutive_ = 0; }
    int consecutive() const { return consecutive_; }

  private:
    RestartSettings settings_;
    int consecutive_ = 0;
};

/// Counts deaths inside a sliding window; a death that brings the count to the limit is a
/// crash loop.
class CrashLoopWindow {
  public:
    explicit CrashLoopWindow(const RestartSettings& settings) : settings_(settings) {}

    /// Records a death at now; true when it completes a crash loop.
    bool recordDeath(Clock::time_point now);
    void reset() { deaths_.clear(); }
    size_t deathsInWindow() const { return deaths_.size(); }

  private:
    RestartSettings settings_;
    std::deque<Clock::time_point> deaths_;
};

}  // namespace maas::supervisor
