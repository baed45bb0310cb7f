#include "maas/region/worker/singleton_leader.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

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
    : connect_(std::move(connect)),
      log_(log),
      poll_(poll),
      wake_fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
    if (!wake_fd_)
        throw std::runtime_error(std::string("singleton leader: eventfd: ") + std::strerror(errno));
}

SingletonLeader::~SingletonLeader() {
    stop();
}

void SingletonLeader::listen(std::string channel, NotificationHandler handler) {
    handlers_[std::move(channel)] = std::move(handler);
}

void SingletonLeader::start() {
    thread_ = std::thread([this] { loop(); });
}

void SingletonLeader::stop() {
    stopping_ = true;
    uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wake_fd_.get(), &one, sizeof(one));
    if (thread_.joinable())
        thread_.join();
    conn_.reset();  // closing the session releases the lock at once for the next worker
    state_ = LeaderState::Disconnected;
}

void SingletonLeader::loop() {
    while (!stopping_) {
        step();
        waitForNotifications(poll_);
    }
}

void SingletonLeader::waitForNotifications(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    const bool listening = conn_ && !handlers_.empty();
    while (!stopping_) {
        // Also what libpq read during step()'s query: the socket will not signal those again.
        while (PGnotify* note = listening ? PQnotifies(conn_->raw()) : nullptr) {
            const std::string payload = note->extra ? note->extra : "";
            const auto handler = handlers_.find(note->relname ? note->relname : "");
            PQfreemem(note);
            if (handler != handlers_.end())
                handler->second(payload);
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            return;
        pollfd fds[2] = {{wake_fd_.get(), POLLIN, 0}, {-1, POLLIN, 0}};
        if (listening)
            fds[1].fd = PQsocket(conn_->raw());
        if (::poll(fds, listening ? 2 : 1, static_cast<int>(left.count())) <= 0)
            continue;  // timeout (checked above) or EINTR
        if (fds[0].revents != 0)
            return;  // stop()
        if (fds[1].revents != 0 && PQconsumeInput(conn_->raw()) == 0) {
            const std::string error = PQerrorMessage(conn_->raw());
            conn_.reset();
            apply(LeaderEvent::QueryFailed, error);
            return;
        }
    }
}

void SingletonLeader::step() {
    try {
        switch (state_.load()) {
            case LeaderState::Disconnected:
                conn_ = connect_();
                for (const auto& [channel, handler] : handlers_)
                    conn_->exec("LISTEN " + channel);
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
