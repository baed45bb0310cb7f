#include "maas/common/config_schemas.h"

namespace maas {

const SettingsSchema& supervisorSchema() {
    static const SettingsSchema schema{
        "supervisor.conf",
        {
            {"restart_backoff_initial_ms", SettingType::Integer, int64_t{1000},
             "First restart delay after a crash.", intRange(10, 60000)},
            {"restart_backoff_max_ms", SettingType::Integer, int64_t{30000},
             "Longest restart delay.", intRange(100, 600000)},
            {"crash_loop_deaths", SettingType::Integer, int64_t{5},
             "Deaths within crash_loop_window_s that mark a service failed.", intRange(2, 100)},
            {"crash_loop_window_s", SettingType::Integer, int64_t{60},
             "Window for crash-loop detection.", intRange(1, 3600)},
            {"failed_retry_s", SettingType::Integer, int64_t{300},
             "Seconds a failed (crash-looping) service rests before it is tried again; 0: never.",
             intRange(0, 86400)},
            {"stop_grace_s", SettingType::Integer, int64_t{10},
             "Seconds between SIGTERM and SIGKILL on shutdown.", intRange(1, 300)},
            {"log_format", SettingType::String, std::string("text"),
             "text (journald-friendly) or json (one object per line).", oneOf({"text", "json"})},
            {"debug", SettingType::Boolean, false, "Verbose logging."},
            {"bin_dir", SettingType::String, std::string(""),
             "Directory of maas-regiond and maas-rackd (empty: beside maas-supervisor; the "
             "MAAS_BIN_DIR environment variable overrides both)."},
            {"postgres_bin_dir", SettingType::String, std::string(""),
             "Directory of the embedded database's postgres and initdb (empty: "
             "/usr/lib/postgresql/15/bin; in the snap the newest $SNAP/usr/lib/postgresql/N/bin)."},
            {"kea_bin_dir", SettingType::String, std::string(""),
             "Directory of kea-dhcp4 (empty: [$SNAP]/usr/sbin)."},
            {"daemon_user", SettingType::String, std::string(""),
             "Unprivileged user maas-regiond, maas-rackd and kea-dhcp4 run as when the "
             "supervisor is root (empty: snap_daemon in the snap, else maas when that user "
             "exists; \"root\" keeps them root)."},
            {"database_os_user", SettingType::String, std::string(""),
             "Unprivileged user the embedded database runs as (empty: snap_daemon in the snap, "
             "postgres otherwise)."},
        }};
    return schema;
}

}  // namespace maas
