#include "maas/common/paths.h"

namespace maas {

namespace fs = std::filesystem;

namespace {

// Joins an absolute path under the root prefix: prefixed("/tmp/r", "/etc/maas") = /tmp/r/etc/maas.
fs::path prefixed(const fs::path& root, const fs::path& absolute) {
    return root / absolute.relative_path();
}

std::string nonEmpty(const Environment& env, const char* name) {
    auto value = env.get(name);
    return value ? *value : std::string();
}

}  // namespace

Paths Paths::fromEnvironment(const Environment& env) {
    Paths p;
    const std::string root = nonEmpty(env, "MAAS_ROOT");
    p.root = root.empty() ? fs::path("/") : fs::path(root);
    const std::string snap_common = nonEmpty(env, "SNAP_COMMON");
    const std::string snap_data = nonEmpty(env, "SNAP_DATA");
    if (!snap_common.empty() && !snap_data.empty()) {
        p.layout = Layout::Snap;
        p.config_dir = prefixed(p.root, snap_data);
        p.data_dir = prefixed(p.root, fs::path(snap_common) / "maas");
        p.run_dir = prefixed(p.root, fs::path(snap_data) / "run");
        p.log_dir = prefixed(p.root, fs::path(snap_common) / "log");
        p.mode_file = prefixed(p.root, fs::path(snap_common) / "snap_mode");
    } else {
        p.layout = Layout::Debian;
        p.config_dir = prefixed(p.root, "/etc/maas");
        p.data_dir = prefixed(p.root, "/var/lib/maas");
        p.run_dir = prefixed(p.root, "/run/maas");
        p.log_dir = prefixed(p.root, "/var/log/maas");
        p.mode_file = p.data_dir / "mode";
    }
    p.regiond_conf = p.config_dir / "regiond.conf";
    p.rackd_conf = p.config_dir / "rackd.conf";
    p.supervisor_conf = p.config_dir / "supervisor.conf";
    p.secret = p.data_dir / "secret";
    p.maas_id = p.data_dir / "maas_id";
    p.maas_uuid = p.data_dir / "maas_uuid";
    p.supervisor_socket = p.run_dir / "supervisor.sock";
    p.supervisor_status = p.run_dir / "supervisor.status";
    p.database_dir = p.data_dir / "db";
    p.dhcp_dir = p.data_dir / "dhcp";
    p.rack_state_dir = p.data_dir / "rack";
    // Apart from the region's files, so deleting one role never touches the other's.
    p.rack_maas_id = p.rack_state_dir / "maas_id";
    p.rack_maas_uuid = p.rack_state_dir / "maas_uuid";
    return p;
}

Paths Paths::fromProcessEnvironment() {
    return fromEnvironment(ProcessEnvironment());
}

void Paths::createDirectories() const {
    for (const auto& dir : {config_dir, data_dir, run_dir, log_dir, dhcp_dir, rack_state_dir}) {
        fs::create_directories(dir);
    }
    // The data directory holds the secret; keep it out of reach of other users.
    fs::permissions(data_dir, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec,
                    fs::perm_options::replace);
}

}  // namespace maas
