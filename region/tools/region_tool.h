#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "maas/common/args.h"
#include "maas/common/cluster_snapshot.h"
#include "maas/common/command.h"
#include "maas/common/settings.h"

namespace maas::region::tools {

// `maas-region`: the region's own commands, run on a region host with its regiond.conf. `maas`
// runs createadmin, apikey and cluster_snapshot through it, so the CLI opens no database.

int runLocalConfigSet(const std::vector<std::string>& args, CliContext& ctx);
int runLocalConfigGet(const std::vector<std::string>& args, CliContext& ctx);
int runLocalConfigReset(const std::vector<std::string>& args, CliContext& ctx);
int runCreateAdmin(const std::vector<std::string>& args, CliContext& ctx);
int runApiKey(const std::vector<std::string>& args, CliContext& ctx);
/// `config-tls enable KEY CERT [--cacert CA] [--port 5443] [--yes]` and `config-tls disable`:
/// the API's TLS settings in the shared database. Exit 2 names the file or option refused
/// (nothing is stored), 1 when the database fails or the operator declines.
int runConfigTls(const std::vector<std::string>& args, CliContext& ctx);
/// Prints the cluster snapshot (maas/common/cluster_snapshot.h) as JSON; exit 1 naming the
/// problem when the database cannot be read.
int runClusterSnapshot(const std::vector<std::string>& args, CliContext& ctx);

/// `createadmin --username U --password P [--email E]` and `apikey --username U [--generate]`
/// (args[0] is the command word) against the database in regiond.conf. Returns the exit
/// status: 0 success, 1 database or input refused, 2 usage.
int runAdminCommand(const std::vector<std::string>& args, const Settings& regiond,
                    std::ostream& out, std::ostream& err);

/// Credits each (application_name, sessions) pair to the worker it names
/// (worker::regiondApplicationName).
void attributeConnections(ClusterSnapshot& snapshot,
                          const std::vector<std::pair<std::string, int>>& sessions);

const CommandTable& regionCommands();

}  // namespace maas::region::tools
