#pragma once

#include <Poco/JSON/Object.h>

#include <string>
#include <vector>

#include "maas/cli/haproxy_config.h"
#include "maas/common/cluster_snapshot.h"
#include "maas/common/command.h"

namespace maas::cli {

/// Share of usable connections (max - reserved) in use from which `maas status` warns.
inline constexpr double kConnectionWarnRatio = 0.8;

/// True from kConnectionWarnRatio of the usable connections on.
bool connectionsNearLimit(const ClusterSnapshot& snapshot);

/// The "cluster" section of `maas status`: per region (host, address) its workers with their
/// database sessions, and the connection count against max_connections, with a warning
/// before it runs out.
std::string renderClusterStatus(const ClusterSnapshot& snapshot);

/// The same as the "cluster" member of `maas status --json`.
Poco::JSON::Object::Ptr clusterStatusJson(const ClusterSnapshot& snapshot);

}  // namespace maas::cli

namespace maas::cli {

/// The snapshot as this host's region sees it: runs `maas-region cluster_snapshot` (the region
/// tool beside this program, which reads the database in regiond.conf). Throws
/// std::runtime_error with the tool's message when it could not be read.
ClusterSnapshot readClusterSnapshot(const CliContext& ctx);

}  // namespace maas::cli
