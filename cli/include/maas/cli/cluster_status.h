#pragma once

#include <Poco/JSON/Object.h>

#include <string>
#include <vector>

#include "maas/cli/haproxy_config.h"

namespace maas::cli {

/// One live region worker (a region_processes row) and the sessions it holds.
struct ClusterWorker {
    RegionWorkerRow endpoint;  ///< hostname, HTTP address and port, rack RPC address
    int worker_index = 0;
    int pid = 0;
    int rpc_port = 0;
    int db_connections = 0;  ///< sessions named maas-regiond[worker_index]@hostname
};

/// What `maas status` shows about the cluster, read from the shared database.
struct ClusterSnapshot {
    std::vector<ClusterWorker> workers;  ///< live rows of region_processes, oldest first
    int regiond_connections = 0;         ///< sessions whose application_name is maas-regiond[N]...
    int total_connections = 0;           ///< every session connected to a database (numbackends)
    int max_connections = 0;
    int reserved_connections = 0;  ///< superuser_reserved_connections: not ours to use
};

/// Share of usable connections (max - reserved) in use from which `maas status` warns.
inline constexpr double kConnectionWarnRatio = 0.8;

/// Credits each (application_name, sessions) pair to the worker it names
/// (region::worker::regiondApplicationName).
void attributeConnections(ClusterSnapshot& snapshot,
                          const std::vector<std::pair<std::string, int>>& sessions);

/// True from kConnectionWarnRatio of the usable connections on.
bool connectionsNearLimit(const ClusterSnapshot& snapshot);

/// The "cluster" section of `maas status`: per region (host, address) its workers with their
/// database sessions, and the connection count against max_connections, with a warning
/// before it runs out.
std::string renderClusterStatus(const ClusterSnapshot& snapshot);

/// The same as the "cluster" member of `maas status --json`.
Poco::JSON::Object::Ptr clusterStatusJson(const ClusterSnapshot& snapshot);

}  // namespace maas::cli

namespace maas {
struct Paths;
}

namespace maas::cli {

/// Reads the snapshot with this host's regiond.conf; throws std::runtime_error when the
/// database cannot be read.
ClusterSnapshot readClusterSnapshot(const Paths& paths);

}  // namespace maas::cli
