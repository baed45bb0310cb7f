#include "maas/supervisor/restart_policy.h"

#include <algorithm>

namespace maas::supervisor {

Millis Backoff::onDeath(Clock::duration ran_for) {
    if (ran_for > settings_.backoff_max) {
        consecutive_ = 0;
    }
    ++consecutive_;
    Millis delay = settings_.backoff_initial;
    for (int i = 1; i < consecutive_ && delay < settings_.backoff_max; ++i) {
        delay *= 2;
    }
    return std::min(delay, settings_.backoff_max);
}

bool CrashLoopWindow::recordDeath(Clock::time_point now) {
    deaths_.push_back(now);
    while (!deaths_.empty() && now - deaths_.front() >= settings_.crash_loop_window) {
        deaths_.pop_front();
    }
    return deaths_.size() >= static_cast<size_t>(settings_.crash_loop_deaths);
}

}  // namespace maas::supervisor
