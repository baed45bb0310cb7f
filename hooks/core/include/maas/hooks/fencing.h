#pragma once

#include <cstdint>
#include <string_view>

#include "maas/hooks/ha_state.h"
#include "maas/hooks/parameters.h"

namespace maas::hooks {

/// Witness fencing: the region (the witness) decides that a rack is dead and tells its partner
/// to take over. A rack that only looks dead may still be alive and reaching its clients, so
/// with a witness configured (`fence-time` > 0) a server hands out a new address only when no
/// partner can be handing out the same one without knowing it. The argument and the timing are
/// in hooks/README.md, "Witness and fencing"; `tests/unit/hooks/fencing_test.cpp` checks them.

/// Who put this server in partner-down: the operator's word is final; the witness's and the
/// auto-partner-down clock's (and a crashed partner's) hold only while the witness lease does.
enum class TakeoverOrigin : uint8_t { None, Operator, Witness, Automatic };

/// What the allocation rule needs to know besides the state.
struct FenceFacts {
    bool witness_mode = false;   ///< fence-time configured
    bool witness_valid = false;  ///< a region acknowledged us within fence-time
    TakeoverOrigin origin = TakeoverOrigin::None;
    bool takeover_reached = true;  ///< a witness takeover's wait has passed
};

enum class AllocationRight : uint8_t {
    RenewOnly,  ///< no new address; known clients keep (and renew) theirs
    OwnHalf,    ///< new addresses from our half of the free pool only (no witness)
    WholePool,
};

/// Which new addresses this server may hand out. Renewals are never refused by this rule.
AllocationRight allocationRight(HaState state, const FenceFacts& facts);

/// Whether a new lease on address may be handed out under that right.
bool allowsAddress(AllocationRight right, Role role, uint32_t address);

std::string_view allocationName(AllocationRight right);
std::string_view takeoverOriginName(TakeoverOrigin origin);

/// Timing constants of the witness protocol (milliseconds).
struct WitnessTiming {
    uint32_t fence_time_ms;      ///< T: a rack's witness lease lasts this long after a contact
    uint32_t renewal_period_ms;  ///< rackd renews the witness lease this often
    uint32_t region_rtt_ms;      ///< worst region round trip we plan for
    uint32_t dead_after_ms;      ///< N: the region's "no worker heard from it" limit
    uint32_t clock_rate_ppm;     ///< worst rate difference between two monotonic clocks
    uint32_t margin_ms;          ///< added to every wait, for scheduling delays
};

/// The defaults the region generates (and the README states).
WitnessTiming defaultWitnessTiming();

/// How long the survivor still waits before it may use the whole pool, given how long ago the
/// region last heard of the dead rack (measured on the region's clock, so conservative).
int64_t survivorWaitMs(const WitnessTiming& timing, int64_t lastHeardAgoMs);

/// The worst time from the last contact with a rack to its partner using the whole pool:
/// the region's dead limit or the fence wait, whichever is later, plus one renewal period of
/// reporting delay.
int64_t worstTakeoverMs(const WitnessTiming& timing);

/// A set of constants is sound when a live rack renews its witness lease well before it
/// lapses (so a healthy rack is never fenced) and the region never declares a rack dead
/// before its witness lease could have lapsed without the survivor waiting for it.
bool timingIsSound(const WitnessTiming& timing);

}  // namespace maas::hooks
