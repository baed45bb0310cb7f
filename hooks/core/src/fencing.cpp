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
            return facts.witnessMode ? AllocationRight::RenewOnly : AllocationRight::OwnHalf;
        case HaState::PartnerDown:
            break;
        case HaState::Startup:
        case HaState::Sync:
        case HaState::Recover:
            return AllocationRight::RenewOnly;  // serves nobody anyway
    }
    if (!facts.witnessMode || facts.origin == TakeoverOrigin::Operator) {
        return AllocationRight::WholePool;  // the operator's word, or no witness (as before)
    }
    if (!facts.witnessValid) {
        return AllocationRight::RenewOnly;  // we may be the one cut off: fence ourselves
    }
    if (facts.origin == TakeoverOrigin::Witness && !facts.takeoverReached) {
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
    return WitnessTiming{.fenceTimeMs = 4000,
                         .renewalPeriodMs = 1000,
                         .regionRttMs = 1000,
                         .deadAfterMs = 5000,
                         .clockRatePpm = 1000,
                         .marginMs = 250};
}

namespace {
// T stretched by the worst rate difference of the two clocks that measure it (the dead rack's
// and the survivor's), plus the margin.
int64_t fenceHorizonMs(const WitnessTiming& t) {
    const int64_t stretch =
        (static_cast<int64_t>(t.fenceTimeMs) * 2 * t.clockRatePpm + 999999) / 1000000;
    return static_cast<int64_t>(t.fenceTimeMs) + stretch + t.marginMs;
}
}  // namespace

int64_t survivorWaitMs(const WitnessTiming& timing, int64_t lastHeardAgoMs) {
    return std::max<int64_t>(0, fenceHorizonMs(timing) - std::max<int64_t>(0, lastHeardAgoMs));
}

int64_t worstTakeoverMs(const WitnessTiming& timing) {
    // The partner's state report and the region's witness pass each run once a renewal period.
    return std::max<int64_t>(timing.deadAfterMs, fenceHorizonMs(timing)) +
           2 * static_cast<int64_t>(timing.renewalPeriodMs);
}

bool timingIsSound(const WitnessTiming& t) {
    if (t.fenceTimeMs == 0 || t.renewalPeriodMs == 0) {
        return false;
    }
    // A live rack gets at least two chances to renew within T.
    const bool renewsInTime = 2 * (static_cast<uint64_t>(t.renewalPeriodMs) + t.regionRttMs) <=
                              static_cast<uint64_t>(t.fenceTimeMs);
    // The region declares death no earlier than the witness lease could run out, so the
    // survivor's wait adds nothing to a takeover (it stays correct either way).
    const bool deathAfterFence = static_cast<int64_t>(t.deadAfterMs) >= fenceHorizonMs(t);
    return renewsInTime && deathAfterFence;
}

}  // namespace maas::hooks
