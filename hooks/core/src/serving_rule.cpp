#include "maas/hooks/serving_rule.h"

#include <algorithm>

#include "maas/hooks/load_balance.h"

namespace maas::hooks {

bool shouldAnswer(HaState state, HaState partner_state, Role role, int split,
                  uint32_t load_balance_max_seconds, const QueryFacts& query) {
    switch (servingIn(state)) {
        case Serving::Nobody:
            return false;
        case Serving::OwnFreePool:
        case Serving::Everyone:
            return true;
        case Serving::Split:
            break;
    }
    if (partner_state != HaState::Normal) {
        return true;  // the partner does not answer anyone yet
    }
    if (load_balance_max_seconds > 0 && query.secs > load_balance_max_seconds) {
        return true;  // its owner seems not to answer: help out
    }
    return bucketOwner(clientBucket(query.client_id, query.hw_address), split) == role;
}

bool mayAllocate(HaState state, Role role, uint32_t address, bool renewal) {
    if (state != HaState::CommunicationsInterrupted || renewal) {
        return true;
    }
    return freeAddressOwner(address) == role;
}

uint32_t grantedLifetime(HaState state, uint32_t requested, uint32_t mclt_seconds) {
    if (state == HaState::CommunicationsInterrupted) {
        return std::min(requested, mclt_seconds);
    }
    return requested;
}

}  // namespace maas::hooks
