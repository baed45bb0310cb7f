#pragma once

#include "maas/cli/command.h"

namespace maas::cli {

/// Asks a running supervisor to re-read mode and configuration (control socket "reload") and
/// prints the outcome; a supervisor that is not running is told nothing and that is said.
void notifySupervisor(CliContext& ctx);

}  // namespace maas::cli
