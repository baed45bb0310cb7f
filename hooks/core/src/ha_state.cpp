#include "maas/hooks/ha_state.h"

#include <array>

namespace maas::hooks {

namespace {

using S = HaState;
constexpr uint32_t kPull = kStartPull;
constexpr uint32_t kReplay = kReplayBacklog;
constexpr uint32_t kFail = kFailPending;
constexpr uint32_t kArm = kArmAutoPartnerDown;

// Rows: states in enum order. Columns: LinkUp, LinkLost, StartupTimeout, SyncComplete,
// SyncFailed, PartnerDownCommand, AutoPartnerDownTimeout, PartnerInPartnerDown, PartnerNormal,
// ResyncRequired, PartnerCrashed, StartupTimeoutMidPull. Every cell is a decision; "stay" cells
// are deliberate.
constexpr std::array<std::array<HaTransition, kHaEventCount>, kHaStateCount> kTable = {{
    // Startup: wait for the partner; pull before serving; alone after the startup timeout, but
    // never from a partial lease set: a pull left unfinished keeps us here until the partner
    // is back (the pull resumes) or the operator says it is down.
    {{{S::Sync, kPull},
      {S::Startup, 0},
      {S::CommunicationsInterrupted, kArm},
      {S::Startup, 0},
      {S::Startup, 0},
      {S::PartnerDown, 0},
      {S::Startup, 0},
      {S::Recover, kPull},
      {S::Startup, 0},
      {S::Startup, 0},
      {S::Startup, 0},
      {S::Startup, 0}}},
    // Sync: losing the partner mid-pull means we do not hold everything: back to startup.
    {{{S::Sync, 0},
      {S::Startup, 0},
      {S::Sync, 0},
      {S::Normal, kReplay},
      {S::Startup, 0},
      {S::PartnerDown, 0},
      {S::Sync, 0},
      {S::Recover, 0},
      {S::Sync, 0},
      {S::Sync, kPull},
      {S::Startup, 0},
      {S::Sync, 0}}},
    // Normal.
    {{{S::Normal, 0},
      {S::CommunicationsInterrupted, kFail | kArm},
      {S::Normal, 0},
      {S::Normal, 0},
      {S::Normal, 0},
      {S::PartnerDown, kFail},
      {S::Normal, 0},
      {S::Recover, kPull | kFail},
      {S::Normal, 0},
      {S::Sync, kPull | kFail},
      {S::PartnerDown, kFail},
      {S::Normal, 0}}},
    // Communications-interrupted: the backlog goes out as soon as the link is back.
    {{{S::Normal, kReplay},
      {S::CommunicationsInterrupted, 0},
      {S::CommunicationsInterrupted, 0},
      {S::CommunicationsInterrupted, 0},
      {S::CommunicationsInterrupted, 0},
      {S::PartnerDown, 0},
      {S::PartnerDown, 0},
      {S::Recover, kPull},
      {S::Normal, kReplay},
      {S::CommunicationsInterrupted, 0},
      {S::CommunicationsInterrupted, 0},
      {S::CommunicationsInterrupted, 0}}},
    // Partner-down: stay in charge until the returning partner reports normal.
    {{{S::PartnerDown, kReplay},
      {S::PartnerDown, 0},
      {S::PartnerDown, 0},
      {S::PartnerDown, 0},
      {S::PartnerDown, 0},
      {S::PartnerDown, 0},
      {S::PartnerDown, 0},
      {S::PartnerDown, 0},  // both claim partner-down: decided by role below
      {S::Normal, 0},
      {S::PartnerDown, 0},
      {S::PartnerDown, 0},
      {S::PartnerDown, 0}}},
    // Recover: pull everything the partner handed out while we were away, then normal.
    {{{S::Recover, kPull},
      {S::Recover, 0},
      {S::Recover, 0},
      {S::Normal, kReplay},
      {S::Recover, kPull},
      {S::PartnerDown, 0},
      {S::Recover, 0},
      {S::Recover, 0},
      {S::Recover, 0},
      {S::Recover, kPull},
      {S::Recover, 0},
      {S::Recover, 0}}},
    // Standalone: no partner, so no event can concern it; commands change nothing.
    {{{S::Standalone, 0},
      {S::Standalone, 0},
      {S::Standalone, 0},
      {S::Standalone, 0},
      {S::Standalone, 0},
      {S::Standalone, 0},
      {S::Standalone, 0},
      {S::Standalone, 0},
      {S::Standalone, 0},
      {S::Standalone, 0},
      {S::Standalone, 0},
      {S::Standalone, 0}}},
}};

constexpr std::array<std::string_view, kHaStateCount> kStateNames = {
    "startup",      "sync",    "normal",    "communications-interrupted",
    "partner-down", "recover", "standalone"};

constexpr std::array<std::string_view, kHaEventCount> kEventNames = {"link-up",
                                                                     "link-lost",
                                                                     "startup-timeout",
                                                                     "sync-complete",
                                                                     "sync-failed",
                                                                     "partner-down-command",
                                                                     "auto-partner-down-timeout",
                                                                     "partner-in-partner-down",
                                                                     "partner-normal",
                                                                     "resync-required",
                                                                     "partner-crashed",
                                                                     "startup-timeout-mid-pull"};

}  // namespace

HaTransition transition(HaState state, HaEvent event, Role role) {
    if (state == HaState::PartnerDown && event == HaEvent::PartnerInPartnerDown &&
        role == Role::Secondary) {
        // Two servers in partner-down would both hand out everything: the secondary yields.
        return {HaState::Recover, kStartPull};
    }
    return kTable[static_cast<size_t>(state)][static_cast<size_t>(event)];
}

Serving servingIn(HaState state) {
    switch (state) {
        case HaState::Normal:
            return Serving::Split;
        case HaState::CommunicationsInterrupted:
            return Serving::OwnFreePool;
        case HaState::PartnerDown:
        case HaState::Standalone:
            return Serving::Everyone;
        case HaState::Startup:
        case HaState::Sync:
        case HaState::Recover:
            break;
    }
    return Serving::Nobody;
}

std::string_view stateName(HaState state) {
    return kStateNames[static_cast<size_t>(state)];
}

std::optional<HaState> stateFromName(std::string_view name) {
    for (size_t i = 0; i < kStateNames.size(); ++i) {
        if (kStateNames[i] == name) {
            return static_cast<HaState>(i);
        }
    }
    return std::nullopt;
}

std::string_view eventName(HaEvent event) {
    return kEventNames[static_cast<size_t>(event)];
}

}  // namespace maas::hooks
