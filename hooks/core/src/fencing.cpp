#include "maas/hooks/fencing.h"

#include <algorithm>

#include "maas/hooks/load_balance.h"

namespace maas::hooks {

AllocationRight allocationRight(HaState state, const FenceFacts& facts) {
    switch (state) {
        case HaState::Normal:
        case HaState::Standalone:
            // Normal: every new lease reaches the partner before the client hears of it.
            return AllocationRight::WholePool;
        case HaState::CommunicationsInterrupted:
            // With a witness, the partner may be told to take over: anything we hand out now it
            // would not know, so we only renew until the link or the witness decides.
            return facts.witness_mode ? AllocationRight::RenewOnly : AllocationRight::OwnHalf;
        case HaState::PartnerDown:
            break;
        case HaState::Startup:
        case HaState::Sync:
        case HaState::Recover:
            return AllocationRight::RenewOnly;  // serves nobody anyway
    }
    if (!facts.witness_mode || facts.origin == TakeoverOrigin::Operator) {
        return AllocationRight::WholePool;  // the operator's word, or no witness (as before)
    }
    if (!facts.witness_valid) {
        return AllocationRight::RenewOnly;  // we may be the one cut off: fence ourselves
    }
    if (facts.origin == TakeoverOrigin::Witness && !facts.takeover_reached) {
        return AllocationRight::RenewOnly;  // the dead rack's witness lease may still run
    }
    return AllocationRight::WholePool;
}

bool allowsAddress(AllocationRight right, Role role, uint32_t address) {
    switch (right) {
        case AllocationRight::WholePool:
            return true;
        case AllocationRight::OwnHalf:
            return freeAddressOwner(address) == role;
        case AllocationRight::RenewOnly:
            break;
    }
    return false;
}

std::string_view allocationName(AllocationRight right) {
    switch (right) {
        case AllocationRight::RenewOnly:
            return "renew-only";
        case AllocationRight::OwnHalf:
            return "own-half";
        case AllocationRight::WholePool:
            break;
    }
    return "whole-pool";
}

std::string_view takeoverOriginName(TakeoverOrigin origin) {
    switch (origin) {
        case TakeoverOrigin::Operator:
            return "operator";
        case TakeoverOrigin::Witness:
            return "witness";
        case TakeoverOrigin::Automatic:
            return "automatic";
        case TakeoverOrigin::None:
            break;
    }
    return "none";
}

WitnessTiming defaultWitnessTiming() {
    return WitnessTiming{.fence_time_ms = 4000,
                         .renewal_period_ms = 1000,
                         .region_rtt_ms = 1000,
                         .dead_after_ms = 5000,
                         .clock_rate_ppm = 1000,
                         .margin_ms = 250};
}

namespace {
// T stretched by the worst rate difference of the two clocks that measure it (the dead rack's
// and the survivor's), plus the margin.
int64_t fenceHorizonMs(const WitnessTiming& t) {
    const int64_t stretch =
        (static_cast<int64_t>(t.fence_time_ms) * 2 * t.clock_rate_ppm + 999999) / 1000000;
    return static_cast<int64_t>(t.fence_time_ms) + stretch + t.margin_ms;
}
}  // namespace

int64_t survivorWaitMs(const WitnessTiming& timing, int64_t lastHeardAgoMs) {
    return std::max<int64_t>(0, fenceHorizonMs(timing) - std::max<int64_t>(0, lastHeardAgoMs));
}

int64_t worstTakeoverMs(const WitnessTiming& timing) {
    // The partner's state report and the region's witness pass each run once a renewal period.
    return std::max<int64_t>(timing.dead_after_ms, fenceHorizonMs(timing)) +
           2 * static_cast<int64_t>(timing.renewal_period_ms);
}

bool timingIsSound(const WitnessTiming& t) {
    if (t.fence_time_ms == 0 || t.renewal_period_ms == 0) {
        return false;
    }
    // A live rack gets at least two chances to renew within T.
    const bool renewsInTime = 2 * (static_cast<uint64_t>(t.renewal_period_ms) + t.region_rtt_ms) <=
                              static_cast<uint64_t>(t.fence_time_ms);
    // The region declares death no earlier than the witness lease could run out, so the
    // survivor's wait adds nothing to a takeover (it stays correct either way).
    const bool deathAfterFence = static_cast<int64_t>(t.dead_after_ms) >= fenceHorizonMs(t);
    return renewsInTime && deathAfterFence;
}

}  // namespace maas::hooks
