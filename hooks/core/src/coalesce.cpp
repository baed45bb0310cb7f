#include "maas/hooks/coalesce.h"

#include <algorithm>

namespace maas::hooks {

CoalesceLimits coalesceLimits(uint32_t batch_hold_ms) {
    CoalesceLimits limits;
    limits.hold_us = int64_t{batch_hold_ms} * 1000;
    limits.max_delay_us = std::max<int64_t>(limits.max_delay_us, 2 * limits.hold_us);
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
    if (facts.staged >= limits.max_leases || facts.oldest_age_us >= limits.max_delay_us) {
        return {StagedAction::Send};
    }
    if (facts.frames_in_flight > 0) {
        return {StagedAction::Wait};  // the Ack of the frame in flight sends these along
    }
    if (facts.average_gap_us < limits.busy_gap_us && facts.since_last_frame_us < limits.hold_us &&
        facts.oldest_age_us < limits.hold_us) {
        return {StagedAction::WaitFor, limits.hold_us - facts.oldest_age_us};
    }
    return {StagedAction::SendUnlessQueriesQueued};
}

}  // namespace maas::hooks
