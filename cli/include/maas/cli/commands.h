#pragma once

#include "maas/common/command.h"

namespace maas::cli {

// One entry point per command group; the table in command_tables.cpp names them.
int runInit(const std::vector<std::string>& args, CliContext& ctx);
int runStatus(const std::vector<std::string>& args, CliContext& ctx);
int runConfig(const std::vector<std::string>& args, CliContext& ctx);
/// `maas config haproxy [--keepalived ...]` (runConfig hands its arguments over).
int runConfigHaproxy(const std::vector<std::string>& args, CliContext& ctx);
/// `maas createadmin` and `maas apikey`: the region tool (`maas-region createadmin ...`) does
/// them with this host's regiond.conf.
int runCreateAdmin(const std::vector<std::string>& args, CliContext& ctx);
int runApiKey(const std::vector<std::string>& args, CliContext& ctx);
/// `maas config-tls enable|disable ...`: the region tool stores the API's TLS settings.
int runConfigTls(const std::vector<std::string>& args, CliContext& ctx);

/// The command table of `maas`.
const CommandTable& maasCommands();

}  // namespace maas::cli
