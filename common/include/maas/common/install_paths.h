#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace maas {

/// Files a program finds from where it runs, so an install under any prefix, the snap
/// ($SNAP/bin/...) and the build tree work alike, with no path fixed at build time.

/// The running program (/proc/self/exe), or `fallback` when it cannot be read.
std::filesystem::path runningExecutable(const std::filesystem::path& fallback);

/// Where the lease-sync hook may be for a program at `exe` (PREFIX/bin/NAME), best first:
/// PREFIX/lib/maas/hooks/libmaas_dhcp_ha.so (installed: any prefix, the .deb, the snap), then
/// PREFIX/lib/libmaas_dhcp_ha.so (the build tree, where bin/ and lib/ are siblings).
std::vector<std::filesystem::path> hookLibraryCandidates(const std::filesystem::path& exe);

/// rackd.conf's `dhcp_hook_library` when set; else the first candidate that exists, or the
/// installed location when none does (so the error names where the hook belongs).
std::filesystem::path hookLibraryPath(
    const std::string& configured, const std::filesystem::path& exe,
    const std::function<bool(const std::filesystem::path&)>& exists);

}  // namespace maas
