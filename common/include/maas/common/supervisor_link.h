#pragma once

#include "maas/common/command.h"

namespace maas {

/// Asks a running supervisor to re-read mode and configuration (control socket "reload") and
/// prints the outcome; a supervisor that is not running is told nothing and that is said.
void notifySupervisor(CliContext& ctx);

/// notifySupervisor() when this machine has a mode (so a supervisor applies it); a missing or
/// unreadable mode file means there is nothing to tell.
void notifySupervisorIfConfigured(CliContext& ctx);

}  // namespace maas
