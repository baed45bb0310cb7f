#include "maas/common/periodic_thread.h"

namespace maas {

PeriodicThread::PeriodicThread(std::chrono::milliseconds period, Tick tick, Failed failed,
                               FirstTick first, Clock& clock)
    : period_(period),
      tick_(std::move(tick)),
      failed_(std::move(failed)),
      first_(first),
      clock_(clock) {}

PeriodicThread::~PeriodicThread() {
    stop();
}

void PeriodicThread::start() {
    std::lock_guard lock(mutex_);
    if (state_ != State::Idle)
        return;
    state_ = State::Running;
    thread_ = std::thread([this] { loop(); });
}

void PeriodicThread::stop() {
    {
        std::lock_guard lock(mutex_);
        state_ = State::Stopped;
    }
    wake_.notify_all();
    if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id())
        thread_.join();
}

void PeriodicThread::wakeNow() {
    {
        std::lock_guard lock(mutex_);
        woken_ = true;
    }
    wake_.notify_all();
}

void PeriodicThread::runTick() {
    try {
        tick_();
    } catch (const std::exception& e) {
        if (failed_)
            failed_(e);
    }
}

void PeriodicThread::loop() {
    std::unique_lock lock(mutex_);
    bool due = first_ == FirstTick::AtStart;
    while (state_ == State::Running) {
        if (!due)
            clock_.waitUntil(lock, wake_, clock_.now() + period_,
                             [this] { return state_ != State::Running || woken_; });
        due = false;
        if (state_ != State::Running)
            break;
        woken_ = false;
        lock.unlock();
        runTick();
        lock.lock();
    }
}

}  // namespace maas
