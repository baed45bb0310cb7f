#pragma once

#include <cstdint>
#include <optional>

#include "maas/hooks/sync_plan.h"

namespace maas::hooks {

/// Where the puller's pull of the partner's leases stands, kept across a lost link so that the
/// next pull continues after the last page merged instead of starting over.
///
/// Resuming is safe only while the serving side vouches that every change it made to a range
/// already merged reaches us through the update stream (sent on the link, or kept in its
/// backlog and replayed when the link is back). It vouches with the epoch it puts in every
/// page: drawn at random when its service starts (a restarted or replaced server has another
/// one, and a new lease set) and changed whenever its backlog drops a change (overflow). A
/// page whose epoch differs from the one this pull began with means "start over".
class SyncCursor {
  public:
    /// The first request of a pull.
    struct Start {
        bool from_start = true;
        uint32_t after = 0;
        bool resumed = false;
    };
    enum class Verdict { Merge, StartOver };

    /// A pull begins. `authoritative`: the partner served alone and its lease set wins (it
    /// decides how merged pages were reconciled, so a change of it starts over).
    /// `resumeAllowed`: the pull follows a lost link; a resync request or a failed merge starts
    /// over.
    Start begin(bool authoritative, bool resumeAllowed);
    /// Would begin(authoritative, true) resume?
    bool resumable(bool authoritative) const;
    /// Was anything merged that a resumed pull would keep?
    bool hasProgress() const { return active_ && merged_any_; }
    /// A page of the pull arrived from a serving side in `epoch`.
    Verdict onPage(uint64_t epoch);
    /// The page answering for `range` was merged: a resumed pull continues after it; the last
    /// page ends the pull.
    void merged(const SyncPageRange& range);
    /// Forget the pull: the next one starts from the first page.
    void abandon();

    bool active() const { return active_; }
    uint32_t after() const { return after_; }

  private:
    bool active_ = false;
    bool authoritative_ = false;
    bool merged_any_ = false;
    uint32_t after_ = 0;  ///< last address of the last page merged
    std::optional<uint64_t> epoch_;
};

}  // namespace maas::hooks
