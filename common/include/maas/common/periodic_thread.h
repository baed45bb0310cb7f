#pragma once

#include <chrono>
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

#include "maas/common/clock.h"

namespace maas {

/// A background thread that runs `tick` once a period until stopped: the loop every
/// background job of the roles shares (heartbeats, health passes, witnesses, assigners).
/// A tick that throws hands the exception to `failed` (the job logs it) and the next period
/// runs as usual. stop() ends the wait at once and joins, so it returns within one tick.
///
/// Lifecycle: Idle --start()--> Running --stop()--> Stopped; stop() from Idle goes straight
/// to Stopped, and neither call does anything from a state the table does not list.
class PeriodicThread {
  public:
    enum class FirstTick {
        AfterPeriod,  ///< wait one period before the first tick
        AtStart,      ///< tick as soon as the thread starts
    };
    using Tick = std::function<void()>;
    using Failed = std::function<void(const std::exception&)>;

    PeriodicThread(std::chrono::milliseconds period, Tick tick, Failed failed,
                   FirstTick first = FirstTick::AfterPeriod, Clock& clock = steadyClock());
    ~PeriodicThread();
    PeriodicThread(const PeriodicThread&) = delete;
    PeriodicThread& operator=(const PeriodicThread&) = delete;

    void start();
    /// Idempotent. No tick starts after it returns. A tick may call it (it then ends the
    /// loop without joining itself).
    void stop();
    /// The next tick runs now instead of at the end of the period (work arrived).
    void wakeNow();

  private:
    enum class State { Idle, Running, Stopped };
    void loop();
    void runTick();

    std::chrono::milliseconds period_;
    Tick tick_;
    Failed failed_;
    FirstTick first_;
    Clock& clock_;
    std::mutex mutex_;
    std::condition_variable wake_;
    State state_ = State::Idle;
    bool woken_ = false;
    std::thread thread_;
};

}  // namespace maas
