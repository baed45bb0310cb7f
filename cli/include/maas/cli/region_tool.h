#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace maas::cli {

// `maas` opens no database: what needs the region's database (createadmin, apikey, the
// cluster's regions) is done by `maas-region`, the region's own tool, run as a program of its
// own, as MAAS's snap runs its region commands.

/// A program installed beside the running one (`maas-region` next to `maas`), so an install
/// under any prefix, the snap and the build tree work alike.
std::filesystem::path besideThisProgram(const std::string& name);

struct ToolOutput {
    int exit_code = 0;  ///< the program's exit code; 128+N for signal N
    std::string out;
    std::string err;
};

/// Runs argv (argv[0] absolute) with this environment, stdin from /dev/null, and collects its
/// output. Throws std::runtime_error when it cannot be started.
ToolOutput runCollecting(const std::vector<std::string>& argv);

/// Runs argv on this terminal (stdin, stdout and stderr shared, so prompts work) and returns
/// its exit code. Throws std::runtime_error when it cannot be started.
int runAttached(const std::vector<std::string>& argv);

}  // namespace maas::cli
