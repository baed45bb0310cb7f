// The database side of `maas status`'s cluster section and `maas config haproxy`: asked of the
// region tool, which reads the database with this host's regiond.conf.
#include <stdexcept>

#include "maas/cli/cluster_status.h"
#include "maas/cli/region_tool.h"

namespace maas::cli {

ClusterSnapshot readClusterSnapshot(const CliContext&) {
    const auto tool = besideThisProgram("maas-region");
    const auto result = runCollecting({tool.string(), "cluster_snapshot"});
    if (result.exit_code != 0) {
        std::string why = result.err;
        while (!why.empty() && why.back() == '\n')
            why.pop_back();
        const std::string prefix = "maas-region cluster_snapshot: ";
        if (why.rfind(prefix, 0) == 0)
            why.erase(0, prefix.size());
        throw std::runtime_error(
            why.empty() ? tool.string() + " exited with " + std::to_string(result.exit_code) : why);
    }
    return clusterSnapshotFromJson(result.out);
}

}  // namespace maas::cli
