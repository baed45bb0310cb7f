#pragma once

#include <functional>
#include <optional>

#include "maas/common/log.h"
#include "maas/common/periodic_thread.h"
#include "maas/region/db/pool.h"
#include "maas/region/store/process_store.h"
#include "maas/region/worker/config.h"

namespace maas::region::worker {

inline constexpr MessageId kRegistered{"REGION_WORKER_REGISTERED", Severity::Info,
                                       "This worker recorded itself in region_processes."};
inline constexpr MessageId kHeartbeatFailed{
    "REGION_HEARTBEAT_FAILED", Severity::Warn,
    "A heartbeat could not be written; racks may stop listing this worker until it recovers."};
inline constexpr MessageId kStaleRemoved{
    "REGION_STALE_WORKERS_REMOVED", Severity::Info,
    "Rows of region workers that stopped heartbeating were removed."};

/// Records this worker in region_processes, refreshes its heartbeat, and (when holding the
/// cleanup advisory lock) removes rows of dead workers and expired OAuth nonces.
class Registration {
  public:
    /// may_run_singletons: whether this worker may run the cluster-wide cleanup now (the
    /// singleton leader); empty = always (the cleanup lock still serialises it).
    Registration(db::Pool& pool, const Logger& log, const WorkerConfig& config,
                 std::function<bool()> may_run_singletons = {});
    ~Registration();

    /// Registers synchronously (so /MAAS/rpc/ lists us before we report ready), then starts
    /// the heartbeat thread. Throws on database errors.
    void start();
    void stop();
    const std::string& systemId() const { return node_.system_id; }
    /// Runs after every heartbeat on the heartbeat thread (set before start()).
    void onHeartbeat(std::function<void()> hook) { on_heartbeat_ = std::move(hook); }

  private:
    void registerNow();
    void beat();

    db::Pool& pool_;
    const Logger& log_;
    const WorkerConfig& config_;
    std::function<bool()> may_run_singletons_;
    std::function<void()> on_heartbeat_;
    store::RegionNode node_;
    int64_t process_id_ = 0;
    PeriodicThread thread_;
};

}  // namespace maas::region::worker
