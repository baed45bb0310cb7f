#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <string>

#include "maas/common/settings.h"

namespace maas::region::worker {

/// What one worker needs, derived from regiond.conf and its index (pure).
struct WorkerConfig {
    int worker_index = 0;
    int num_workers = 1;  ///< regiond.conf's: how many workers this region runs
    std::string hostname;
    std::string version;
    std::string listen_address = "0.0.0.0";
    int http_port = 5240;
    int rpc_port = 5250;            ///< this worker's RPC port: rpc_port base + index
    std::string advertise_address;  ///< address written to region_processes for RPC
    std::map<std::string, std::string> db_params;  ///< libpq keywords
    std::filesystem::path maas_id_file;
    std::filesystem::path secret_file;     ///< copy of the cluster's shared secret (database)
    std::filesystem::path maas_uuid_file;  ///< copy of the cluster's MAAS UUID (database)
    size_t pool_size = 2;  ///< + 1 rack RPC + 1 LISTEN connection = the 4-connection budget
    std::chrono::milliseconds pool_timeout{5000};
    std::chrono::seconds heartbeat_interval{5};
    int stale_seconds = 30;
    std::chrono::seconds power_poll_interval{300};
    std::chrono::seconds power_call_timeout{25};  ///< above the racks' power_timeout (20 s)
    std::chrono::seconds dhcp_ha_dead_after{5};   ///< the DHCP HA witness's N
    bool dhcp_ha_auto_takeover = true;            ///< off: only the operator's partner-down
    size_t api_cache_bytes = 64u << 20;           ///< list answers kept per worker; 0: none
};

/// libpq keyword/values from regiond.conf (multi-host, read-write target, keepalives).
std::map<std::string, std::string> databaseParams(const Settings& settings,
                                                  const std::string& application_name);

/// The application_name of a worker's sessions, "maas-regiond[INDEX]@HOSTNAME" (PostgreSQL
/// keeps 63 bytes): `maas status` credits pg_stat_activity rows to workers by it.
std::string regiondApplicationName(int worker_index, const std::string& hostname);

WorkerConfig makeWorkerConfig(const Settings& settings, int worker_index,
                              const std::string& hostname, const std::string& version,
                              const std::filesystem::path& maas_id_file);

}  // namespace maas::region::worker
