#include "maas/region/worker/singleton_leader.h"

#include <unistd.h>

namespace maas::region::worker {

LeaderState nextLeaderState(LeaderState state, LeaderEvent event) {
    using S = LeaderState;
    using E = LeaderEvent;
    switch (event) {
        case E::Connected:  // only a disconnected leader opens a session
            return state == S::Disconnected ? S::Following : state;
        case E::ConnectFailed:
        case E::QueryFailed:  // the session (and any lock on it) is gone
            return S::Disconnected;
        case E::LockWon:  // pg_try_advisory_lock is only asked while following
            return state == S::Following ? S::Leading : state;
        case E::LockBusy:
            return state == S::Following ? S::Following : state;
        case E::CheckOk:  // a liveness query on the session: nothing changes
            return state;
    }
    return state;
}

const char* leaderStateName(LeaderState state) {
    switch (state) {
        case LeaderState::Disconnected:
            return "disconnected";
        case LeaderState::Following:
            return "following";
        case LeaderState::Leading:
            return "leading";
    }
    return "?";
}

SingletonLeader::SingletonLeader(Connect connect, const Logger& log, std::chrono::milliseconds poll)
    : connect_(std::move(connect)), log_(log), poll_(poll) {}

SingletonLeader::~SingletonLeader() {
    stop();
}

void SingletonLeader::start() {
    thread_ = std::thread([this] { loop(); });
}

void SingletonLeader::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable())
        thread_.join();
    conn_.reset();  // closing the session releases the lock at once for the next worker
    state_ = LeaderState::Disconnected;
}

void SingletonLeader::loop() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        step();
        lock.lock();
        wake_.wait_for(lock, poll_, [this] { return stopping_; });
    }
}

void SingletonLeader::step() {
    try {
        switch (state_.load()) {
            case LeaderState::Disconnected:
                conn_ = connect_();
                apply(LeaderEvent::Connected, "");
                [[fallthrough]];
            case LeaderState::Following: {
                const auto won = conn_->exec("SELECT pg_try_advisory_lock($1)",
                                             db::Params{std::to_string(kClusterSingletonLock)});
                apply(won.boolean(0, 0) ? LeaderEvent::LockWon : LeaderEvent::LockBusy, "");
                break;
            }
            case LeaderState::Leading:
                conn_->exec("SELECT 1");
                apply(LeaderEvent::CheckOk, "");
                break;
        }
    } catch (const std::exception& e) {
        const bool had_session = conn_ != nullptr;
        conn_.reset();
        apply(had_session ? LeaderEvent::QueryFailed : LeaderEvent::ConnectFailed, e.what());
    }
}

void SingletonLeader::apply(LeaderEvent event, const std::string& detail) {
    const LeaderState before = state_.load();
    const LeaderState after = nextLeaderState(before, event);
    state_ = after;
    const std::vector<std::pair<std::string, std::string>> fields{
        {"pid", std::to_string(::getpid())}};
    if (after == LeaderState::Leading && before != LeaderState::Leading)
        log_.log(kSingletonAcquired, "holding the cluster singleton lock", fields);
    if (before == LeaderState::Leading && after != LeaderState::Leading)
        log_.log(kSingletonLost, "lost the cluster singleton lock: " + detail, fields);
}

}  // namespace maas::region::worker
