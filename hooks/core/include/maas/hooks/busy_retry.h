#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace maas::hooks {

/// Multi-threaded Kea's lease_cmds refuses a `lease4-update` with "ResourceBusy: ..." while one
/// of Kea's packet threads is handling that address. The thread lets go within one query, so
/// such a refusal is tried again after a short wait, doubling from first_wait_us, at most
/// `attempts` tries in all (8 tries: 12.7 ms of waiting at most).
struct BusyRetryLimits {
    int attempts = 8;
    int64_t first_wait_us = 100;
};

/// Whether a store's error says the address was busy (worth trying again), not wrong.
bool isBusyRefusal(std::string_view error);

/// Runs `attempt` (returns "" when stored, else the error) until it succeeds, fails for another
/// reason, or was refused as busy `limits.attempts` times; `sleepUs` waits between tries.
/// Returns the last error ("" when stored); a refusal on the last try says how many were made.
std::string retryWhileBusy(const std::function<std::string()>& attempt,
                           const std::function<void(int64_t)>& sleepUs,
                           BusyRetryLimits limits = {});

}  // namespace maas::hooks
