#include "maas/hooks/serving_rule.h"

#include <algorithm>

#include "maas/hooks/load_balance.h"

namespace maas::hooks {

bool shouldAnswer(HaState state, HaState partnerState, Role role, int split,
                  uint32_t loadBalanceMaxSeconds, const QueryFacts& query) {
    switch (servingIn(state)) {
        case Serving::Nobody:
            return false;
        case Serving::OwnFreePool:
        case Serving::Everyone:
            return true;
        case Serving::Split:
            break;
    }
    if (partnerState != HaState::Normal) {
        return true;  // the partner does not answer anyone yet
    }
    if (loadBalanceMaxSeconds > 0 && query.secs > loadBalanceMaxSeconds) {
        return true;  // its owner seems not to answer: help out
    }
    return bucketOwner(clientBucket(query.clientId, query.hwAddress), split) == role;
}

bool mayAllocate(HaState state, Role role, uint32_t address, bool renewal) {
    if (state != HaState::CommunicationsInterrupted || renewal) {
        return true;
    }
    return freeAddressOwner(address) == role;
}

uint32_t grantedLifetime(HaState state, uint32_t requested, uint32_t mcltSeconds) {
    if (state == HaState::CommunicationsInterrupted) {
        return std::min(requested, mcltSeconds);
    }
    return requested;
}

}  // namespace maas::hooks
