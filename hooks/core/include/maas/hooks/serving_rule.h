#pragma once

#include <cstdint>

#include "maas/hooks/ha_state.h"
#include "maas/hooks/lease_record.h"
#include "maas/hooks/parameters.h"

namespace maas::hooks {

/// What the serving rule needs to know about one query.
struct QueryFacts {
    Bytes client_id;
    Bytes hw_address;
    uint16_t secs = 0;  ///< seconds the client says it has been trying
};

/// Whether this server answers a query (the other stays silent). In normal state the split
/// decides, unless the partner is not serving yet (it is syncing) or the client has waited longer
/// than load-balance-max-seconds.
bool shouldAnswer(HaState state, HaState partner_state, Role role, int split,
                  uint32_t load_balance_max_seconds, const QueryFacts& query);

/// Whether a lease on address may be handed out now. While communications are interrupted a
/// server gives a new address only from its own half of the free pool; renewing the client's
/// own lease is always allowed.
bool mayAllocate(HaState state, Role role, uint32_t address, bool renewal);

/// Lifetime to grant: while the partner cannot learn of it, at most MCLT.
uint32_t grantedLifetime(HaState state, uint32_t requested, uint32_t mclt_seconds);

}  // namespace maas::hooks
