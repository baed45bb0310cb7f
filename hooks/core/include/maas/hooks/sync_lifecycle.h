#pragma once

#include <cstdint>
#include <string_view>

namespace maas::hooks {

/// Where the puller's pull of the partner's leases stands, beside the HA state: the HA table
/// says when a pull is wanted (kStartPull); this table says whether one runs, resumes, waits for
/// the partner's authority, or must start over, and when the HA table hears of its end.
enum class SyncPhase : uint8_t {
    Idle = 0,               ///< no pull unfinished
    Pulling = 1,            ///< pages asked for on this link
    AwaitingHeartbeat = 2,  ///< link back: a resume waits for the partner's state (its authority)
    Interrupted = 3,        ///< link lost mid-pull; the merged ranges stand: the next pull resumes
    Abandoned = 4,          ///< unfinished, nothing to resume (failed merge, resync while cut)
    ResyncPending = 5,      ///< a resync was asked while the link was down
};
inline constexpr int kSyncPhaseCount = 6;

enum class SyncEvent : uint8_t {
    Start,              ///< the HA table starts a pull after the link came back (may resume)
    StartOver,          ///< the HA table starts a pull for anything else: from the first page
    PartnerStateKnown,  ///< the partner's first heartbeat on this link arrived
    PageMerged,         ///< a page (not the last) was merged
    LastPageMerged,     ///< the page running to the end was merged
    EpochChanged,       ///< a page came in another sync epoch than the pull began with
    AuthorityChanged,   ///< the partner's partner-down became known mid-pull
    MergeFailed,        ///< a page could not be read against ours or applied
    LinkLost,
    LinkBack,         ///< link up, after the HA table had its say
    ResyncRequested,  ///< resync command while the link is down
};
inline constexpr int kSyncEventCount = 11;

/// What the service does after a transition, as bit flags.
enum SyncAction : uint32_t {
    kSyncNoAction = 0,
    kBeginFromStart = 1U << 0,  ///< forget the cursor; ask for the first page
    kBeginResume = 1U << 1,     ///< ask after the cursor if it may resume, else the first page
    kSyncComplete = 1U << 2,    ///< tell the HA table: sync-complete
    kSyncFail = 1U << 3,        ///< forget the cursor; tell the HA table: sync-failed
    kAskResync = 1U << 4,       ///< tell the HA table: resync-required (finish the pull)
    kForgetCursor = 1U << 5,    ///< what was merged no longer counts
};

struct SyncTransition {
    SyncPhase next;
    uint32_t actions;
};

SyncTransition syncTransition(SyncPhase phase, SyncEvent event);

/// A pull has begun and its last page is not merged: our lease set may be partial.
bool pullUnfinished(SyncPhase phase);
/// Pages are asked for, or about to be: a new pull request waits for this one.
bool pullRunning(SyncPhase phase);

std::string_view syncPhaseName(SyncPhase phase);
std::string_view syncEventName(SyncEvent event);

}  // namespace maas::hooks
