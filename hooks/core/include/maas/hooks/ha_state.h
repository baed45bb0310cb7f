#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "maas/hooks/parameters.h"

namespace maas::hooks {

/// The life of one server of the pair (ISC failover names where they exist).
enum class HaState : uint8_t {
    Startup = 0,                    ///< just loaded; serves nobody until it knows the partner
    Sync = 1,                       ///< pulling the partner's leases page by page
    Normal = 2,                     ///< both up; the split decides who answers
    CommunicationsInterrupted = 3,  ///< partner silent; own share of the free pool only
    PartnerDown = 4,                ///< partner known dead; serve everyone
    Recover = 5,                    ///< partner took over while we were away; resync first
    Standalone = 6,                 ///< no partner configured (role standalone); serve everyone
};
inline constexpr int kHaStateCount = 7;

enum class HaEvent : uint8_t {
    LinkUp,                  ///< authenticated peer connection established
    LinkLost,                ///< connection closed, refused, or silent past max-response-delay
    StartupTimeout,          ///< no partner within max-response-delay of starting
    SyncComplete,            ///< last page of the partner's leases applied
    SyncFailed,              ///< a page could not be fetched or applied
    PartnerDownCommand,      ///< operator: the partner is down
    AutoPartnerDownTimeout,  ///< communications-interrupted lasted auto-partner-down seconds
    PartnerInPartnerDown,    ///< the partner reports it took over from us
    PartnerNormal,           ///< the partner reports normal (it finished its own sync)
    ResyncRequired,          ///< resync command, or the partner lost updates for us
    PartnerCrashed,          ///< link closed by the partner's kernel without a Bye: its process
                             ///< is gone, and (synchronous replication) we hold all it ACKed
    StartupTimeoutMidPull,   ///< no partner within max-response-delay while a pull of its
                             ///< leases is unfinished: our lease set is partial
};
inline constexpr int kHaEventCount = 12;

/// Side effects the caller performs after a transition, as bit flags.
enum HaAction : uint32_t {
    kNoAction = 0,
    kStartPull = 1U << 0,          ///< (re)start the paged pull from the partner
    kReplayBacklog = 1U << 1,      ///< send what queued up while the partner was away
    kFailPending = 1U << 2,        ///< drop parked replies that wait for a partner ack
    kArmAutoPartnerDown = 1U << 3  ///< start the auto-partner-down clock
};

struct HaTransition {
    HaState next;
    uint32_t actions;
};

/// The explicit state x event table. Role decides only who yields when both claim partner-down.
/// A standalone server starts in and never leaves `standalone` (no partner, no events).
HaTransition transition(HaState state, HaEvent event, Role role);

/// Who this server answers in a state.
enum class Serving : uint8_t {
    Nobody,       ///< drop every query (startup, sync, recover)
    Split,        ///< own buckets only, plus clients waiting past load-balance-max-seconds
    OwnFreePool,  ///< everyone, but new addresses only from our half of the free pool
    Everyone,
};
Serving servingIn(HaState state);

std::string_view stateName(HaState state);
std::optional<HaState> stateFromName(std::string_view name);
std::string_view eventName(HaEvent event);

}  // namespace maas::hooks
