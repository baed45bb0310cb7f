#pragma once

#include <filesystem>

#include "maas/common/environment.h"

namespace maas {

enum class Layout { Debian, Snap };

/// Every file location the appliance uses, derived in one place.
///
/// Snap layout when SNAP_COMMON/SNAP_DATA are set, Debian layout otherwise. MAAS_ROOT, when set,
/// prefixes every path so tests and several controllers can share one machine.
struct Paths {
    Layout layout = Layout::Debian;
    std::filesystem::path root;        ///< MAAS_ROOT or "/"
    std::filesystem::path config_dir;  ///< regiond.conf, rackd.conf, supervisor.conf
    std::filesystem::path data_dir;    ///< secret, maas_id, maas_uuid, state
    std::filesystem::path run_dir;     ///< sockets, pid and status files
    std::filesystem::path log_dir;

    std::filesystem::path regiond_conf;
    std::filesystem::path rackd_conf;
    std::filesystem::path supervisor_conf;
    std::filesystem::path mode_file;  ///< none|region|rack|region+rack
    std::filesystem::path secret;
    std::filesystem::path maas_id;         ///< the region's system_id on this host
    std::filesystem::path maas_uuid;       ///< the MAAS the region belongs to (from its database)
    std::filesystem::path rack_maas_id;    ///< the rack's system_id (empty file: deleted)
    std::filesystem::path rack_maas_uuid;  ///< the MAAS the rack registered with
    std::filesystem::path supervisor_socket;
    std::filesystem::path supervisor_status;
    std::filesystem::path database_dir;  ///< embedded PostgreSQL cluster
    std::filesystem::path dhcp_dir;      ///< Kea configs, leases, control socket
    std::filesystem::path rack_state_dir;

    static Paths fromEnvironment(const Environment& env);
    static Paths fromProcessEnvironment();

    /// Creates the directories (not the files) with conservative modes.
    void createDirectories() const;
};

}  // namespace maas
