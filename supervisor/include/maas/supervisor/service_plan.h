#pragma once

#include <csignal>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "maas/common/database_layout.h"
#include "maas/common/mode.h"
#include "maas/common/paths.h"

namespace maas::supervisor {

/// How the supervisor learns that a child is ready.
enum class Readiness {
    Fd,             ///< the child writes a line to the fd named by MAAS_READY_FD
    DatabaseProbe,  ///< the supervisor connects to it (PostgreSQL accepts connections)
    OnSpawn,        ///< ready as soon as it runs (programs we do not own)
};

/// Shutdown order: lower tiers stop first (rack, then region, then database).
enum class Tier { Rack = 0, Region = 1, Database = 2 };

/// What to run for one service and how to treat it.
struct ServiceSpec {
    std::string name;
    std::vector<std::string> argv;  ///< argv[0] is an absolute path
    Tier tier = Tier::Region;
    Readiness readiness = Readiness::Fd;
    std::vector<std::string> after;  ///< services that must be ready before this one starts
    bool on_demand = false;          ///< started only on request (kea-dhcp4 for rackd)
    std::string config_flag;         ///< on-demand: flag placed before the requested config path
    std::string run_as;              ///< user to run as when the supervisor is root; "" = same
    int stop_signal = SIGTERM;
    std::vector<std::pair<std::string, std::string>> env;  ///< added to the child environment
    std::vector<std::filesystem::path> runtime_dirs;       ///< created, owned by run_as
    /// Directories run_as writes in: created when missing, owned by run_as, mode kept.
    std::vector<std::filesystem::path> owned_dirs;
    /// Directories run_as owns with everything in them (state written by an earlier root run).
    std::vector<std::filesystem::path> owned_trees;
    /// Files run_as reads (configs, the secret): given run_as's group when root's, mode kept.
    std::vector<std::filesystem::path> group_files;
    /// Capabilities (CAP_* numbers) the child keeps as ambient ones after dropping root.
    std::vector<int> ambient_caps;
    /// Directories run_as must pass through (given o+x, not read): the data dir above a cluster.
    std::vector<std::filesystem::path> traverse_dirs;
    std::string probe_target;  ///< DatabaseProbe: libpq conninfo
    std::string fingerprint;   ///< changes when the service must be restarted to apply config
};

/// Everything the mode table depends on, read by the caller.
struct PlanInputs {
    Mode mode = Mode::None;
    int num_workers = 1;
    bool embedded_database = false;
    Paths paths;
    std::filesystem::path bin_dir;           ///< our binaries (maas-regiond, maas-rackd)
    std::filesystem::path postgres_bin_dir;  ///< postgres
    std::filesystem::path kea_bin_dir;       ///< kea-dhcp4
    std::string database_os_user = "postgres";
    std::string daemon_user;  ///< runs maas-regiond, maas-rackd, kea-dhcp4; "" = the supervisor's
    int64_t database_port = 5432;
    std::string region_config;  ///< regiond.conf text (a change restarts the workers)
    std::string rack_config;    ///< rackd.conf text (a change restarts rackd)
};

/// The mode table: the services a mode needs, in start order.
std::vector<ServiceSpec> planServices(const PlanInputs& inputs);

/// Name of region worker i ("regiond-0").
std::string regionWorkerName(int index);

}  // namespace maas::supervisor
