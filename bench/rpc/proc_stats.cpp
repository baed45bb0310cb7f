#include "proc_stats.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

namespace maas::bench {

namespace {

/// Fields of /proc/PID/stat after the command name; field 3 (state) comes first.
std::vector<std::string> statFields(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto close = text.rfind(')');
    std::vector<std::string> fields;
    if (close == std::string::npos || close + 2 > text.size()) {
        return fields;
    }
    std::istringstream stream(text.substr(close + 2));
    for (std::string f; stream >> f;) {
        fields.push_back(f);
    }
    return fields;
}

constexpr size_t kPpid = 4 - 3;
constexpr size_t kUtime = 14 - 3;
constexpr size_t kStime = 15 - 3;

}  // namespace

long readRssKib(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string key;
    while (in >> key) {
        if (key == "VmRSS:") {
            long kib = 0;
            in >> kib;
            return kib;
        }
        std::string rest;
        std::getline(in, rest);
    }
    return 0;
}

double readCpuSeconds(pid_t pid) {
    const auto fields = statFields(pid);
    if (fields.size() <= kStime) {
        return 0;
    }
    const long ticks = std::stol(fields[kUtime]) + std::stol(fields[kStime]);
    return static_cast<double>(ticks) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

std::vector<pid_t> childrenOf(pid_t parent) {
    std::vector<pid_t> out;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
        const auto name = entry.path().filename().string();
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) {
            continue;
        }
        const auto pid = static_cast<pid_t>(std::stol(name));
        const auto fields = statFields(pid);
        if (fields.size() > kPpid && std::stol(fields[kPpid]) == parent) {
            out.push_back(pid);
        }
    }
    return out;
}

long sumRssKib(const std::vector<pid_t>& pids) {
    long sum = 0;
    for (const auto pid : pids) {
        sum += readRssKib(pid);
    }
    return sum;
}

CpuSnapshot cpuSnapshot(const std::vector<pid_t>& pids) {
    CpuSnapshot out;
    for (const auto pid : pids) {
        out[pid] = readCpuSeconds(pid);
    }
    return out;
}

double cpuDelta(const CpuSnapshot& before, const CpuSnapshot& after) {
    double sum = 0;
    for (const auto& [pid, seconds] : after) {
        if (const auto it = before.find(pid); it != before.end() && seconds >= it->second) {
            sum += seconds - it->second;
        }
    }
    return sum;
}

}  // namespace maas::bench
