#pragma once

#include <cstddef>
#include <cstdint>

namespace maas::hooks {

/// When lease changes staged for the partner leave in a LeaseBatch. Kea handles one query per
/// main-loop turn, so sending at every commit costs a TCP write (and on the partner a wake-up,
/// a read and an Ack) per lease. While Kea already has further queries queued, the changes
/// wait for them (bounded in count and age) and leave together; an idle loop sends at once.
struct CoalesceLimits {
    size_t maxLeases = 64;      ///< a full batch leaves even if queries are queued
    int64_t maxDelayUs = 2000;  ///< and so does one whose oldest change is this old
};

/// staged: changes waiting; oldestAgeUs: age of the oldest; queriesWaiting: Kea has more
/// queries queued right now (they run before the main loop would block).
bool sendStagedNow(size_t staged, int64_t oldestAgeUs, bool queriesWaiting,
                   const CoalesceLimits& limits = {});

}  // namespace maas::hooks
