#pragma once

#include <string>
#include <vector>

#include "maas/cli/haproxy_config.h"

namespace maas::cli {

/// What `maas status` shows about the cluster, read from the shared database.
struct ClusterSnapshot {
    std::vector<RegionWorkerRow> workers;  ///< live rows of region_processes
    int regiond_connections = 0;           ///< sessions whose application_name is maas-regiond[N]
    int total_connections = 0;             ///< every session of the PostgreSQL server
    int max_connections = 0;
    int reserved_connections = 0;  ///< superuser_reserved_connections: not ours to use
};

/// Share of usable connections (max - reserved) in use from which `maas status` warns.
inline constexpr double kConnectionWarnRatio = 0.8;

/// The "cluster" section of `maas status`: one line per region (host, address, workers) and
/// the connection count against max_connections, with a warning before it runs out.
std::string renderClusterStatus(const ClusterSnapshot& snapshot);

}  // namespace maas::cli

namespace maas {
struct Paths;
}

namespace maas::cli {

/// Reads the snapshot with this host's regiond.conf; throws std::runtime_error when the
/// database cannot be read.
ClusterSnapshot readClusterSnapshot(const Paths& paths);

}  // namespace maas::cli
