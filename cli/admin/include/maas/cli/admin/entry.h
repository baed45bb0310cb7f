#pragma once

#include <string>
#include <vector>

#include "maas/cli/command.h"

namespace maas::cli::admin {

/// Dispatcher entries (args exclude the command word): `maas createadmin ...`,
/// `maas apikey ...`, using regiond.conf from ctx.paths.
int runCreateAdmin(const std::vector<std::string>& args, CliContext& ctx);
int runApiKey(const std::vector<std::string>& args, CliContext& ctx);

}  // namespace maas::cli::admin
