#pragma once

#include <atomic>
#include <memory>

#include "maas/common/log.h"
#include "maas/region/api/dispatcher.h"
#include "maas/region/db/pool.h"
#include "maas/region/dhcp/ha_witness.h"
#include "maas/region/http/metrics.h"
#include "maas/region/http/server.h"
#include "maas/region/http/site.h"
#include "maas/region/notify/health_sweep.h"
#include "maas/region/power/power_assigner.h"
#include "maas/region/rpc/db_dhcp_source.h"
#include "maas/region/rpc/db_directory.h"
#include "maas/region/rpc/rpc_server.h"
#include "maas/region/ui/ui_site.h"
#include "maas/region/worker/cluster_files.h"
#include "maas/region/worker/config.h"
#include "maas/region/worker/registration.h"
#include "maas/region/worker/singleton_leader.h"
#include "maas/region/worker/tls_listener.h"

namespace maas::region::worker {

inline constexpr MessageId kWorkerServing{"REGION_WORKER_SERVING", Severity::Info,
                                          "The worker's HTTP server accepts requests."};
inline constexpr MessageId kMigrationsApplied{"REGION_MIGRATIONS_APPLIED", Severity::Info,
                                              "Pending schema migrations were applied."};
inline constexpr MessageId kSchemaTooNew{
    "REGION_SCHEMA_TOO_NEW", Severity::Error,
    "The database was migrated by a newer release; this region refuses to serve."};

/// One region worker: pool, migrations, HTTP site and self-registration. Components are
/// members in start order; the rack RPC listener (region/rpc/) attaches the same way, on
/// config.rpc_port with a pool of its own.
class Worker {
  public:
    Worker(WorkerConfig config, Logger log);
    ~Worker();

    /// Migrates, starts serving and registers. Throws db::SchemaTooNew or PgError.
    void start();
    void stop();

    db::Pool& pool() { return pool_; }
    http::Metrics& metrics() { return metrics_; }
    const WorkerConfig& config() const { return config_; }
    const Logger& log() const { return log_; }

  private:
    void addListCacheMetrics();
    void startRackRpc(const Secret& secret);
    maas::rpc::RpcMessage callRack(const std::string& rack, const std::string& command,
                                   Poco::JSON::Object::Ptr args, std::chrono::milliseconds timeout);

    WorkerConfig config_;
    Logger log_;
    db::Pool pool_;  ///< HTTP requests and the worker's own jobs
    /// The rack RPC thread's own connection: registrations, heartbeats and DHCP never wait
    /// behind API requests, and that thread is its only user, so it never waits at all.
    db::Pool rack_pool_;
    http::Metrics metrics_;
    std::unique_ptr<api::ListCache> list_cache_;  ///< null when api_cache_mib is 0
    api::Dispatcher dispatcher_;
    http::Site site_;
    ui::UiSite ui_;
    std::unique_ptr<http::Server> server_;
    std::unique_ptr<TlsListener> tls_listener_;  ///< HTTPS while `maas config-tls` says so
    // The one worker of the cluster holding its lock runs the cluster-wide jobs.
    SingletonLeader leader_;
    ClusterFiles cluster_files_;
    Registration registration_;
    // Rack RPC on rpc_port (+ index); only when the shared secret exists.
    std::unique_ptr<rpc::DbRackDirectory> rack_directory_;
    std::unique_ptr<rpc::DbDhcpSource> dhcp_source_;
    std::unique_ptr<rpc::RpcServer> rpc_server_;
    std::unique_ptr<rpc::RackLiveness> rack_liveness_;
    std::unique_ptr<dhcp::HaWitness> ha_witness_;
    std::unique_ptr<notify::HealthSweep> health_sweep_;       ///< service rows, notifications
    std::atomic<rpc::RpcServer*> rpc_server_ready_{nullptr};  ///< set once it serves
    std::unique_ptr<power::PowerAssigner> power_assigner_;
};

}  // namespace maas::region::worker
