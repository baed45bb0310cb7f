#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "maas/common/log.h"
#include "maas/common/periodic_thread.h"
#include "maas/region/db/pool.h"
#include "maas/region/rpc/rack_directory.h"

namespace maas::region::rpc {

/// This worker as rack_connections rows refer to it (its region_processes row).
struct WorkerIdentity {
    std::string hostname;
    int pid = 0;
    std::string version;                    ///< the region's software version
    std::chrono::seconds region_stale{30};  ///< a worker row older than this is not live
};

/// The RackDirectory of a region worker: racks are controller rows in `nodes`, their
/// interfaces in `interfaces`, and each authenticated connection a `rack_connections` row.
class DbRackDirectory final : public RackDirectory {
  public:
    DbRackDirectory(db::Pool& pool, WorkerIdentity worker);

    maas::rpc::RegisterResult registerRack(const maas::rpc::RegisterArgs& args,
                                           const PeerInfo& peer) override;
    /// Throws DirectoryError(rack-deleted) when the rack's node is gone.
    void heartbeat(const std::string& system_id, const PeerInfo& peer) override;
    /// Records the interfaces and places them (db_interfaces.h); rack-deleted when gone.
    void updateInterfaces(const maas::rpc::UpdateInterfacesArgs& args,
                          const PeerInfo& peer) override;
    void disconnected(const std::string& system_id, const PeerInfo& peer) override;

    /// The MAAS UUID racks bind to.
    std::string maasUuid();

  private:
    /// One attempt; throws db::PgError as it comes.
    void heartbeatOnce(const std::string& system_id, const PeerInfo& peer);

    db::Pool& pool_;
    WorkerIdentity worker_;
};

/// Writes each rack's `rackd` service row from its connections: running when connected to every
/// live region worker, degraded ("N% connected to region controllers.") when to some, dead when
/// no connection heartbeated within rack_dead. node_id limits it to one rack.
void refreshRackServices(db::Connection& conn, std::chrono::seconds region_stale,
                         std::chrono::seconds rack_dead, std::optional<int64_t> node_id = {});

/// Runs refreshRackServices every interval on whichever worker wins a try-lock (and, when
/// may_run is given, only while it says so: the cluster singleton leader).
class RackLiveness {
  public:
    RackLiveness(db::Pool& pool, const Logger& log, std::chrono::seconds region_stale,
                 std::chrono::milliseconds interval = std::chrono::milliseconds(1000),
                 std::function<bool()> may_run = {});
    ~RackLiveness();
    void start();
    void stop();

  private:
    void runOnce();

    db::Pool& pool_;
    const Logger& log_;
    std::chrono::seconds region_stale_;
    std::function<bool()> may_run_;
    PeriodicThread thread_;
};

}  // namespace maas::region::rpc
