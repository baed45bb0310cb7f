#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "maas/common/log.h"
#include "maas/region/db/pg.h"

namespace maas::region::worker {

inline constexpr MessageId kSingletonAcquired{
    "REGION_SINGLETON_ACQUIRED", Severity::Info,
    "This worker now holds the cluster singleton lock and runs the cluster-wide jobs."};
inline constexpr MessageId kSingletonLost{
    "REGION_SINGLETON_LOST", Severity::Warn,
    "This worker lost its database session and with it the cluster singleton lock."};

/// Session-level advisory lock key held by the one worker of the cluster that runs singletons.
inline constexpr int64_t kClusterSingletonLock = 0x4d414153'0050;  // "MAAS" 0x50

enum class LeaderState { Disconnected, Following, Leading };
enum class LeaderEvent { Connected, ConnectFailed, LockWon, LockBusy, QueryFailed, CheckOk };

/// The leadership lifecycle (pure): every state x event pair decided on purpose.
LeaderState nextLeaderState(LeaderState state, LeaderEvent event);
const char* leaderStateName(LeaderState state);

/// Holds kClusterSingletonLock on its own session while it can: PostgreSQL releases it when
/// this worker's process or connection dies, and a follower polling every `poll` takes it.
/// Cluster-wide jobs run only while leading().
class SingletonLeader {
  public:
    using Connect = std::function<std::unique_ptr<db::Connection>()>;

    SingletonLeader(Connect connect, const Logger& log,
                    std::chrono::milliseconds poll = std::chrono::milliseconds(500));
    ~SingletonLeader();

    void start();
    void stop();
    bool leading() const { return state_.load() == LeaderState::Leading; }
    /// 1 while this worker holds the lock (a /MAAS/metrics gauge).
    double leadingGauge() const { return leading() ? 1.0 : 0.0; }

  private:
    void loop();
    void step();
    void apply(LeaderEvent event, const std::string& detail);

    Connect connect_;
    const Logger& log_;
    std::chrono::milliseconds poll_;
    std::unique_ptr<db::Connection> conn_;
    std::atomic<LeaderState> state_{LeaderState::Disconnected};
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace maas::region::worker
