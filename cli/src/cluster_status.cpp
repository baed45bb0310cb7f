#include "maas/cli/cluster_status.h"

#include <map>
#include <sstream>

namespace maas::cli {

std::string renderClusterStatus(const ClusterSnapshot& s) {
    // Workers per region, a region being one backend as HAProxy sees it.
    std::map<std::pair<std::string, std::string>, int> per_region;  // (hostname, address:port)
    for (const auto& w : s.workers) {
        const auto backends = backendsFromWorkers({w});
        const std::string where =
            backends.empty() ? w.http_address + ":" + std::to_string(w.http_port)
                             : backends[0].address + ":" + std::to_string(backends[0].port);
        ++per_region[{w.hostname, where}];
    }
    std::ostringstream out;
    out << "cluster: " << per_region.size() << " region(s), " << s.workers.size() << " worker(s)\n";
    for (const auto& [key, workers] : per_region)
        out << "  region " << key.first << " at " << key.second << ": " << workers
            << " worker(s)\n";
    const int usable = s.max_connections - s.reserved_connections;
    out << "database connections: " << s.total_connections << " of " << usable << " usable ("
        << s.regiond_connections << " held by region workers; max_connections " << s.max_connections
        << ", " << s.reserved_connections << " reserved)\n";
    if (usable > 0 && s.total_connections >= kConnectionWarnRatio * usable)
        out << "WARNING: PostgreSQL is close to max_connections: raise it, or lower num_workers "
               "(each worker holds up to 3 connections).\n";
    return out.str();
}

}  // namespace maas::cli
