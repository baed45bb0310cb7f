#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "maas/common/log.h"
#include "maas/common/unique_fd.h"
#include "maas/region/db/lock_keys.h"
#include "maas/region/db/pg.h"

namespace maas::region::worker {

inline constexpr MessageId kSingletonAcquired{
    "REGION_SINGLETON_ACQUIRED", Severity::Info,
    "This worker now holds the cluster singleton lock and runs the cluster-wide jobs."};
inline constexpr MessageId kSingletonLost{
    "REGION_SINGLETON_LOST", Severity::Warn,
    "This worker lost its database session and with it the cluster singleton lock."};

/// Session-level advisory lock key held by the one worker of the cluster that runs singletons.
using db::kClusterSingletonLock;

enum class LeaderState { Disconnected, Following, Leading };
enum class LeaderEvent { Connected, ConnectFailed, LockWon, LockBusy, QueryFailed, CheckOk };

/// The leadership lifecycle (pure): every state x event pair decided on purpose.
LeaderState nextLeaderState(LeaderState state, LeaderEvent event);
const char* leaderStateName(LeaderState state);

/// Holds kClusterSingletonLock on its own session while it can: PostgreSQL releases it when
/// this worker's process or connection dies, and a follower polling every `poll` takes it.
/// Cluster-wide jobs run only while leading(). Every worker keeps this database connection, so it
/// also serves as the worker's LISTEN connection (no extra one per worker).
class SingletonLeader {
  public:
    using Connect = std::function<std::unique_ptr<db::Connection>()>;
    using NotificationHandler = std::function<void(const std::string& payload)>;

    SingletonLeader(Connect connect, const Logger& log,
                    std::chrono::milliseconds poll = std::chrono::milliseconds(500));
    ~SingletonLeader();

    /// LISTENs on `channel` (a fixed lower-case identifier) on every session this leader opens
    /// and calls `handler` on the leader's thread for each notification on it. Call before
    /// start(), once per channel.
    void listen(std::string channel, NotificationHandler handler);
    void start();
    void stop();
    bool leading() const { return state_.load() == LeaderState::Leading; }
    /// 1 while this worker holds the lock (a /MAAS/metrics gauge).
    double leadingGauge() const { return leading() ? 1.0 : 0.0; }

  private:
    void loop();
    void step();
    /// Until `timeout` passes or stop(): delivers notifications as they arrive.
    void waitForNotifications(std::chrono::milliseconds timeout);
    void apply(LeaderEvent event, const std::string& detail);

    Connect connect_;
    const Logger& log_;
    std::chrono::milliseconds poll_;
    std::map<std::string, NotificationHandler> handlers_;  ///< by channel
    std::unique_ptr<db::Connection> conn_;                 ///< the leader's thread only
    std::atomic<LeaderState> state_{LeaderState::Disconnected};
    std::atomic<bool> stopping_{false};
    UniqueFd wake_fd_;  ///< eventfd: stop() wakes the thread out of poll()
    std::thread thread_;
};

}  // namespace maas::region::worker
