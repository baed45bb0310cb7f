#pragma once

#include <string>
#include <vector>

#include "maas/common/command.h"

namespace maas::cli::profile {

/// Dispatcher entries (args exclude the command word): `maas login`, `logout`, `list`, and the
/// fallback `maas PROFILE ...` (args include the profile name). Profiles: $HOME/.maascli.json.
int runLogin(const std::vector<std::string>& args, CliContext& ctx);
int runLogout(const std::vector<std::string>& args, CliContext& ctx);
int runList(const std::vector<std::string>& args, CliContext& ctx);
int runProfileCommand(const std::vector<std::string>& args, CliContext& ctx);

}  // namespace maas::cli::profile
