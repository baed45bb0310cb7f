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

/// The user the daemons run as: supervisor.conf daemon_user ("root": unchanged), else
/// snap_daemon in the snap, else "maas" when that user exists, else "" (unchanged).
std::string daemonUser(const Settings& supervisor, const Paths& paths);

}  // namespace maas::supervisor
