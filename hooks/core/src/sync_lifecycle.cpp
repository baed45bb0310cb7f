#include "maas/hooks/sync_lifecycle.h"

#include <array>

namespace maas::hooks {

namespace {

using P = SyncPhase;
constexpr uint32_t kFresh = kBeginFromStart;
constexpr uint32_t kResume = kBeginResume;

// Rows: phases in enum order. Columns: Start, StartOver, PartnerStateKnown, PageMerged,
// LastPageMerged, EpochChanged, AuthorityChanged, MergeFailed, LinkLost, LinkBack,
// ResyncRequested. Every cell is a decision; "stay" cells are deliberate (a page of a pull
// already left behind, a heartbeat nobody waits for).
constexpr std::array<std::array<SyncTransition, kSyncEventCount>, kSyncPhaseCount> kTable = {{
    // Idle: nothing unfinished; a resync asked while the link is down waits for it.
    {{{P::Pulling, kFresh},
      {P::Pulling, kFresh},
      {P::Idle, 0},
      {P::Idle, 0},
      {P::Idle, 0},
      {P::Idle, 0},
      {P::Idle, 0},
      {P::Idle, 0},
      {P::Idle, 0},
      {P::Idle, 0},
      {P::ResyncPending, 0}}},
    // Pulling: pages in flight; a stale epoch or a changed authority starts over at once.
    {{{P::Pulling, 0},
      {P::Pulling, kFresh},
      {P::Pulling, 0},
      {P::Pulling, 0},
      {P::Idle, kSyncComplete},
      {P::Pulling, kFresh},
      {P::Pulling, kFresh},
      {P::Abandoned, kSyncFail},
      {P::Interrupted, 0},
      {P::Pulling, 0},
      {P::Pulling, 0}}},
    // AwaitingHeartbeat: whether the partner served alone decides whether the merged ranges
    // stand, so the resume waits for its state.
    {{{P::AwaitingHeartbeat, 0},
      {P::Pulling, kFresh},
      {P::Pulling, kResume},
      {P::AwaitingHeartbeat, 0},
      {P::AwaitingHeartbeat, 0},
      {P::AwaitingHeartbeat, 0},
      {P::AwaitingHeartbeat, 0},
      {P::AwaitingHeartbeat, 0},
      {P::Interrupted, 0},
      {P::AwaitingHeartbeat, 0},
      {P::AwaitingHeartbeat, 0}}},
    // Interrupted: the cursor is kept; the link's return finishes the pull even when the HA
    // table would not pull by itself.
    {{{P::AwaitingHeartbeat, 0},
      {P::Pulling, kFresh},
      {P::Interrupted, 0},
      {P::Interrupted, 0},
      {P::Interrupted, 0},
      {P::Interrupted, 0},
      {P::Interrupted, 0},
      {P::Interrupted, 0},
      {P::Interrupted, 0},
      {P::Interrupted, kAskResync},
      {P::Abandoned, kForgetCursor}}},
    // Abandoned: still unfinished (our set is partial), but nothing merged may be kept.
    {{{P::Pulling, kFresh},
      {P::Pulling, kFresh},
      {P::Abandoned, 0},
      {P::Abandoned, 0},
      {P::Abandoned, 0},
      {P::Abandoned, 0},
      {P::Abandoned, 0},
      {P::Abandoned, 0},
      {P::Abandoned, 0},
      {P::Abandoned, kAskResync},
      {P::Abandoned, 0}}},
    // ResyncPending: the operator's resync runs as soon as the link is back.
    {{{P::Pulling, kFresh},
      {P::Pulling, kFresh},
      {P::ResyncPending, 0},
      {P::ResyncPending, 0},
      {P::ResyncPending, 0},
      {P::ResyncPending, 0},
      {P::ResyncPending, 0},
      {P::ResyncPending, 0},
      {P::ResyncPending, 0},
      {P::ResyncPending, kAskResync},
      {P::ResyncPending, 0}}},
}};

constexpr std::array<std::string_view, kSyncPhaseCount> kPhaseNames = {
    "idle", "pulling", "awaiting-heartbeat", "interrupted", "abandoned", "resync-pending"};

constexpr std::array<std::string_view, kSyncEventCount> kEventNames = {"start",
                                                                       "start-over",
                                                                       "partner-state-known",
                                                                       "page-merged",
                                                                       "last-page-merged",
                                                                       "epoch-changed",
                                                                       "authority-changed",
                                                                       "merge-failed",
                                                                       "link-lost",
                                                                       "link-back",
                                                                       "resync-requested"};

}  // namespace

SyncTransition syncTransition(SyncPhase phase, SyncEvent event) {
    return kTable[static_cast<size_t>(phase)][static_cast<size_t>(event)];
}

bool pullUnfinished(SyncPhase phase) {
    return phase != SyncPhase::Idle && phase != SyncPhase::ResyncPending;
}

bool pullRunning(SyncPhase phase) {
    return phase == SyncPhase::Pulling || phase == SyncPhase::AwaitingHeartbeat;
}

std::string_view syncPhaseName(SyncPhase phase) {
    return kPhaseNames[static_cast<size_t>(phase)];
}

std::string_view syncEventName(SyncEvent event) {
    return kEventNames[static_cast<size_t>(event)];
}

}  // namespace maas::hooks
