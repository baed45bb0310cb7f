#include "maas/common/install_paths.h"

namespace maas {

namespace fs = std::filesystem;

namespace {
// hooks/CMakeLists.txt installs the library here, relative to the prefix.
constexpr const char* kHookInstallDir = "lib/maas/hooks";
constexpr const char* kHookFile = "libmaas_dhcp_ha.so";
}  // namespace

fs::path runningExecutable(const fs::path& fallback) {
    std::error_code ec;
    auto exe = fs::read_symlink("/proc/self/exe", ec);
    return ec || exe.empty() ? fallback : exe;
}

std::vector<fs::path> hookLibraryCandidates(const fs::path& exe) {
    const auto prefix = exe.parent_path().parent_path();
    return {prefix / kHookInstallDir / kHookFile, prefix / "lib" / kHookFile};
}

fs::path hookLibraryPath(const std::string& configured, const fs::path& exe,
                         const std::function<bool(const fs::path&)>& exists) {
    if (!configured.empty()) {
        return configured;
    }
    const auto candidates = hookLibraryCandidates(exe);
    for (const auto& candidate : candidates) {
        if (exists(candidate)) {
            return candidate;
        }
    }
    return candidates.front();
}

}  // namespace maas
