#include "maas/hooks/coalesce.h"

namespace maas::hooks {

bool sendStagedNow(size_t staged, int64_t oldestAgeUs, bool queriesWaiting,
                   const CoalesceLimits& limits) {
    if (staged == 0) {
        return false;
    }
    return !queriesWaiting || staged >= limits.maxLeases || oldestAgeUs >= limits.maxDelayUs;
}

}  // namespace maas::hooks
