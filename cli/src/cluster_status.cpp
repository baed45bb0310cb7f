#include "maas/cli/cluster_status.h"

#include <Poco/JSON/Array.h>

#include <map>
#include <sstream>

namespace maas::cli {

namespace {

const char* kNearLimitWarning =
    "PostgreSQL is close to max_connections: raise it, or lower num_workers (each worker holds "
    "up to 3 connections).";

/// A region as HAProxy sees it: (hostname, "address:port" it is reached at).
using RegionKey = std::pair<std::string, std::string>;

RegionKey regionOf(const ClusterWorker& w) {
    const auto backends = backendsFromWorkers({w.endpoint});
    const std::string where =
        backends.empty() ? w.endpoint.http_address + ":" + std::to_string(w.endpoint.http_port)
                         : backends[0].address + ":" + std::to_string(backends[0].port);
    return {w.endpoint.hostname, where};
}

std::map<RegionKey, std::vector<const ClusterWorker*>> byRegion(const ClusterSnapshot& s) {
    std::map<RegionKey, std::vector<const ClusterWorker*>> regions;
    for (const auto& w : s.workers)
        regions[regionOf(w)].push_back(&w);
    return regions;
}

int sessionsOf(const std::vector<const ClusterWorker*>& workers) {
    int n = 0;
    for (const auto* w : workers)
        n += w->db_connections;
    return n;
}

}  // namespace

bool connectionsNearLimit(const ClusterSnapshot& s) {
    const int usable = s.max_connections - s.reserved_connections;
    return usable > 0 && s.total_connections >= kConnectionWarnRatio * usable;
}

std::string renderClusterStatus(const ClusterSnapshot& s) {
    const auto regions = byRegion(s);
    std::ostringstream out;
    out << "cluster: " << regions.size() << " region(s), " << s.workers.size() << " worker(s)\n";
    for (const auto& [key, workers] : regions) {
        out << "  region " << key.first << " at " << key.second << ": " << workers.size()
            << " worker(s), " << sessionsOf(workers) << " database connection(s)\n";
        for (const auto* w : workers)
            out << "    worker " << w->worker_index << ": pid " << w->pid << ", rack RPC "
                << w->endpoint.advertise_address << ":" << w->rpc_port << ", " << w->db_connections
                << " database connection(s)\n";
    }
    const int usable = s.max_connections - s.reserved_connections;
    out << "database connections: " << s.total_connections << " of " << usable << " usable ("
        << s.regiond_connections << " held by region workers; max_connections " << s.max_connections
        << ", " << s.reserved_connections << " reserved)\n";
    if (connectionsNearLimit(s))
        out << "WARNING: " << kNearLimitWarning << "\n";
    return out.str();
}

Poco::JSON::Object::Ptr clusterStatusJson(const ClusterSnapshot& s) {
    Poco::JSON::Array::Ptr regions = new Poco::JSON::Array;
    for (const auto& [key, workers] : byRegion(s)) {
        Poco::JSON::Object::Ptr region = new Poco::JSON::Object;
        region->set("hostname", key.first);
        region->set("endpoint", key.second);
        region->set("db_connections", sessionsOf(workers));
        Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
        for (const auto* w : workers) {
            Poco::JSON::Object::Ptr worker = new Poco::JSON::Object;
            worker->set("index", w->worker_index);
            worker->set("pid", w->pid);
            worker->set("rpc_address", w->endpoint.advertise_address);
            worker->set("rpc_port", w->rpc_port);
            worker->set("db_connections", w->db_connections);
            list->add(worker);
        }
        region->set("workers", list);
        regions->add(region);
    }
    Poco::JSON::Object::Ptr database = new Poco::JSON::Object;
    database->set("connections", s.total_connections);
    database->set("usable", s.max_connections - s.reserved_connections);
    database->set("regiond_connections", s.regiond_connections);
    database->set("max_connections", s.max_connections);
    database->set("reserved_connections", s.reserved_connections);
    database->set("near_limit", connectionsNearLimit(s));
    Poco::JSON::Array::Ptr warnings = new Poco::JSON::Array;
    if (connectionsNearLimit(s))
        warnings->add(std::string(kNearLimitWarning));
    Poco::JSON::Object::Ptr cluster = new Poco::JSON::Object;
    cluster->set("regions", regions);
    cluster->set("database", database);
    cluster->set("warnings", warnings);
    return cluster;
}

}  // namespace maas::cli
