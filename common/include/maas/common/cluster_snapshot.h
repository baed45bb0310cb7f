#pragma once

#include <string>
#include <vector>

namespace maas {

// What the shared database knows about the cluster's regions: `maas-region cluster_snapshot`
// reads it with this host's regiond.conf and prints it as JSON, `maas status` and
// `maas config haproxy` read that JSON (the CLI opens no database).

/// A region worker row as recorded in region_processes.
struct RegionWorkerRow {
    std::string hostname;
    std::string http_address;  ///< may be a wildcard when the region listens on all addresses
    int http_port = 0;
    std::string advertise_address;  ///< what racks are told (the rpc_address column)
};

/// One live region worker and the database sessions it holds.
struct ClusterWorker {
    RegionWorkerRow endpoint;  ///< hostname, HTTP address and port, rack RPC address
    int worker_index = 0;
    int pid = 0;
    int rpc_port = 0;
    int db_connections = 0;  ///< sessions whose application_name names this worker
};

/// The live workers and the database's connection counts.
struct ClusterSnapshot {
    std::vector<ClusterWorker> workers;  ///< live rows of region_processes, oldest first
    int regiond_connections = 0;         ///< sessions whose application_name is maas-regiond[N]...
    int total_connections = 0;           ///< every session connected to a database (numbackends)
    int max_connections = 0;
    int reserved_connections = 0;  ///< superuser_reserved_connections: not ours to use
};

std::string clusterSnapshotToJson(const ClusterSnapshot& snapshot);
/// Throws std::invalid_argument naming the member that is missing or of the wrong type.
ClusterSnapshot clusterSnapshotFromJson(const std::string& text);

}  // namespace maas
