#include "maas/supervisor/supervisor_config.h"

#include <pwd.h>

#include "maas/common/atomic_file.h"
#include "maas/common/config_schemas.h"

namespace maas::supervisor {

namespace fs = std::filesystem;

namespace {

std::string readText(const fs::path& path) {
    try {
        return readFileIfExists(path).value_or("");
    } catch (const FileError& e) {
        throw SettingsError(path.string(), "", e.what());
    }
}

}  // namespace

std::string daemonUser(const Settings& supervisor, const Paths& paths) {
    const auto configured = supervisor.getString("daemon_user");
    if (configured == "root")
        return "";
    if (!configured.empty())
        return configured;
    // Packages create "maas" (the snap has snap_daemon); a host without it keeps the
    // supervisor's user.
    const char* user = paths.layout == Layout::Snap ? "snap_daemon" : "maas";
    return ::getpwnam(user) != nullptr ? user : "";
}

SupervisorConfig loadSupervisorConfig(const Paths& paths, const Environment& env,
                                      const fs::path& self_dir) {
    SupervisorConfig config;
    const Settings sup = Settings::load(supervisorSchema(), paths.supervisor_conf);
    const Settings region = Settings::load(regiondSchema(), paths.regiond_conf);
    // rackd.conf is validated too, so a broken rack config is reported before anything changes.
    Settings::load(rackdSchema(), paths.rackd_conf);

    auto& plan = config.plan;
    plan.mode = readMode(paths);
    plan.paths = paths;
    plan.num_workers = static_cast<int>(region.getInt("num_workers"));
    plan.embedded_database = usesEmbeddedDatabase(region, paths);
    plan.database_port = region.getInt("database_port");
    const auto bin_override = env.get("MAAS_BIN_DIR");
    if (bin_override && !bin_override->empty()) {
        plan.bin_dir = *bin_override;
    } else if (!sup.getString("bin_dir").empty()) {
        plan.bin_dir = sup.getString("bin_dir");
    } else {
        plan.bin_dir = self_dir;
    }
    plan.postgres_bin_dir = postgresBinDir(sup, env);
    plan.kea_bin_dir = sup.getString("kea_bin_dir").empty()
                           ? snapPrefixed(env, "/usr/sbin")
                           : fs::path(sup.getString("kea_bin_dir"));
    plan.database_os_user = databaseOsUser(sup, paths);
    plan.daemon_user = daemonUser(sup, paths);
    plan.region_config = readText(paths.regiond_conf);
    plan.rack_config = readText(paths.rackd_conf);

    config.restart.backoff_initial = Millis(sup.getInt("restart_backoff_initial_ms"));
    config.restart.backoff_max = Millis(sup.getInt("restart_backoff_max_ms"));
    if (config.restart.backoff_max < config.restart.backoff_initial) {
        throw SettingsError(paths.supervisor_conf.string(), "restart_backoff_max_ms",
                            "must not be below restart_backoff_initial_ms");
    }
    config.restart.crash_loop_deaths = static_cast<int>(sup.getInt("crash_loop_deaths"));
    config.restart.crash_loop_window = std::chrono::seconds(sup.getInt("crash_loop_window_s"));
    config.restart.failed_retry = std::chrono::seconds(sup.getInt("failed_retry_s"));
    config.stop_grace = Millis(sup.getInt("stop_grace_s") * 1000);
    config.log_format = sup.getString("log_format");
    config.debug = sup.getBool("debug");
    return config;
}

}  // namespace maas::supervisor
