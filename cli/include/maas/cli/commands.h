#pragma once

#include "maas/cli/command.h"

namespace maas::cli {

// One entry point per command group; the tables in maas_main.cpp, region_main.cpp and
// rack_main.cpp name them.
int runInit(const std::vector<std::string>& args, CliContext& ctx);
int runStatus(const std::vector<std::string>& args, CliContext& ctx);
int runConfig(const std::vector<std::string>& args, CliContext& ctx);
/// `maas config haproxy [--keepalived ...]` (runConfig hands its arguments over).
int runConfigHaproxy(const std::vector<std::string>& args, CliContext& ctx);
int runLocalConfigSet(const std::vector<std::string>& args, CliContext& ctx);
int runLocalConfigGet(const std::vector<std::string>& args, CliContext& ctx);
int runLocalConfigReset(const std::vector<std::string>& args, CliContext& ctx);
int runRackConfig(const std::vector<std::string>& args, CliContext& ctx);
int runRackRegister(const std::vector<std::string>& args, CliContext& ctx);

/// The command tables of the three programs.
const CommandTable& maasCommands();
const CommandTable& regionCommands();
const CommandTable& rackCommands();

}  // namespace maas::cli
