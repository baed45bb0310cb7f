#pragma once

#include <sys/types.h>

#include <map>
#include <vector>

namespace maas::bench {

/// Resident set size of a process in KiB (0 when it is gone).
long readRssKib(pid_t pid);
/// User + system CPU seconds a process has used (0 when it is gone).
double readCpuSeconds(pid_t pid);
/// Live direct children of a process (e.g. the backends of a postmaster).
std::vector<pid_t> childrenOf(pid_t parent);

long sumRssKib(const std::vector<pid_t>& pids);
using CpuSnapshot = std::map<pid_t, double>;
CpuSnapshot cpuSnapshot(const std::vector<pid_t>& pids);
/// CPU seconds used between two snapshots by the processes present in both.
double cpuDelta(const CpuSnapshot& before, const CpuSnapshot& after);

}  // namespace maas::bench
