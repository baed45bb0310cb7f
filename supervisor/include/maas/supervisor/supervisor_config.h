#pragma once

#include <filesystem>
#include <string>

#include "maas/common/environment.h"
#include "maas/common/paths.h"
#include "maas/common/settings.h"
#include "maas/supervisor/restart_policy.h"
#include "maas/supervisor/service_plan.h"

namespace maas::supervisor {

/// Everything the supervisor reads at start and on SIGHUP, validated as a whole so a bad reload
/// never half-applies.
struct SupervisorConfig {
    PlanInputs plan;
    RestartSettings restart;
    Millis stop_grace{10000};
    std::string log_format = "text";
    bool debug = false;
};

/// Reads the mode file, supervisor.conf, regiond.conf and rackd.conf. self_dir is where
/// maas-supervisor lives (default for bin_dir). Throws SettingsError naming file and key.
SupervisorConfig loadSupervisorConfig(const Paths& paths, const Environment& env,
                                      const std::filesystem::path& self_dir);

/// The mode file's mode (None when the file does not exist); throws SettingsError if invalid.
Mode readMode(const Paths& paths);

/// postgres_bin_dir with its default applied ([$SNAP]/usr/lib/postgresql/15/bin).
std::filesystem::path postgresBinDir(const Settings& supervisor, const Environment& env);
/// database_os_user with its default applied (snap_daemon in the snap, else postgres).
std::string databaseOsUser(const Settings& supervisor, const Paths& paths);

/// The user the daemons run as: supervisor.conf daemon_user ("root": unchanged), else
/// snap_daemon in the snap, else "maas" when that user exists, else "" (unchanged).
std::string daemonUser(const Settings& supervisor, const Paths& paths);
/// True when regiond.conf points at the embedded database's socket directory.
bool usesEmbeddedDatabase(const Settings& regiond, const Paths& paths);

}  // namespace maas::supervisor
