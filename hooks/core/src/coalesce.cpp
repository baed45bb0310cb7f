#include "maas/hooks/coalesce.h"

#include <algorithm>

namespace maas::hooks {

CoalesceLimits coalesceLimits(uint32_t batchHoldMs) {
    CoalesceLimits limits;
    limits.holdUs = int64_t{batchHoldMs} * 1000;
    limits.maxDelayUs = std::max<int64_t>(limits.maxDelayUs, 2 * limits.holdUs);
    return limits;
}

void ChangeRate::onChange(int64_t nowUs) {
    if (last_us_ >= 0) {
        const int64_t gap = std::clamp<int64_t>(nowUs - last_us_, 0, kMaxGapUs);
        average_gap_us_ += (gap - average_gap_us_) / 8;
    }
    last_us_ = nowUs;
}

StagedDecision stagedAction(const StagedFacts& facts, const CoalesceLimits& limits) {
    if (facts.staged == 0) {
        return {StagedAction::Wait};
    }
    if (facts.staged >= limits.maxLeases || facts.oldestAgeUs >= limits.maxDelayUs) {
        return {StagedAction::Send};
    }
    if (facts.framesInFlight > 0) {
        return {StagedAction::Wait};  // the Ack of the frame in flight sends these along
    }
    if (facts.averageGapUs < limits.busyGapUs && facts.sinceLastFrameUs < limits.holdUs &&
        facts.oldestAgeUs < limits.holdUs) {
        return {StagedAction::WaitFor, limits.holdUs - facts.oldestAgeUs};
    }
    return {StagedAction::SendUnlessQueriesQueued};
}

}  // namespace maas::hooks
