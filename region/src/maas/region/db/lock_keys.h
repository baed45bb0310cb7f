#pragma once

#include <array>
#include <cstdint>

namespace maas::region::db {

/// Every advisory lock key the region takes (one pg_advisory_lock namespace for the whole
/// cluster). They live in one table so that no two uses can share a key: a shared key makes
/// unrelated work wait on each other, e.g. every rack registration on the singleton leader.
inline constexpr int64_t kMigrationLock = 0x4d414153'0001;          // "MAAS" 1: migrations
inline constexpr int64_t kProcessCleanupLock = 0x4d414153'0002;     // stale worker rows
inline constexpr int64_t kRegionNodeLock = 0x4d414153'0003;         // creating a host's node
inline constexpr int64_t kRackLivenessLock = 0x4d414153'0020;       // rack liveness job
inline constexpr int64_t kPowerAssignLock = 0x4d414153'0040;        // BMC poll assignment job
inline constexpr int64_t kClusterSingletonLock = 0x4d414153'0050;   // cluster-wide jobs' leader
inline constexpr int64_t kNetworkDiscoveryLock = 0x4d414153'0060;   // placing rack interfaces
inline constexpr int64_t kAddressAllocationLock = 0x4d414153'0070;  // choosing free addresses
inline constexpr int64_t kHealthSweepLock = 0x4d414153'0110;        // service rows, notifications

inline constexpr std::array kAllLockKeys{
    kMigrationLock,        kProcessCleanupLock,    kRegionNodeLock,
    kRackLivenessLock,     kPowerAssignLock,       kClusterSingletonLock,
    kNetworkDiscoveryLock, kAddressAllocationLock, kHealthSweepLock};

consteval bool lockKeysAreDistinct() {
    for (size_t i = 0; i < kAllLockKeys.size(); ++i)
        for (size_t j = i + 1; j < kAllLockKeys.size(); ++j)
            if (kAllLockKeys[i] == kAllLockKeys[j])
                return false;
    return true;
}
static_assert(lockKeysAreDistinct(), "two advisory lock uses share a key");

}  // namespace maas::region::db
