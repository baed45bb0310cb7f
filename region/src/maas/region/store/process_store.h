#pragma once

#include <optional>
#include <string>
#include <vector>

#include "maas/region/api/models.h"
#include "maas/region/db/pg.h"

namespace maas::region::store {

using ProcessEndpoint = api::ProcessEndpoint;

struct RegionNode {
    int64_t id = 0;
    std::string system_id;
};

/// Region controller nodes and their worker rows (region_processes).
class ProcessStore {
  public:
    explicit ProcessStore(db::Connection& conn) : conn_(conn) {}

    /// Finds this host's region node by system_id (the maas_id file), then hostname, or
    /// creates one; a rack node on this host becomes region+rack. Serialised by an advisory
    /// lock so concurrent workers agree. Call inside a transaction.
    RegionNode ensureRegionNode(const std::optional<std::string>& system_id,
                                const std::string& hostname, const std::string& version);
    /// Inserts or refreshes this worker's row; returns its id.
    int64_t upsertProcess(int64_t node_id, const ProcessEndpoint& endpoint);
    /// Refreshes the heartbeat; false when the row is gone (another worker removed it).
    bool heartbeat(int64_t process_id);
    void removeProcess(int64_t process_id);
    /// Deletes rows older than stale_seconds if this session wins the cleanup lock; returns
    /// the "<host>:pid=<pid>" of rows removed, or nullopt when another worker holds the lock.
    /// Call inside a transaction.
    std::optional<std::vector<std::string>> removeStale(int stale_seconds);
    /// (row id, pid) of every worker row recorded for hostname.
    std::vector<std::pair<int64_t, int>> processesOnHost(const std::string& hostname);
    /// Live workers, oldest first.
    std::vector<ProcessEndpoint> live(int stale_seconds);

  private:
    db::Connection& conn_;
};

}  // namespace maas::region::store
