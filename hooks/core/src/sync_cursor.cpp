#include "maas/hooks/sync_cursor.h"

namespace maas::hooks {

bool SyncCursor::resumable(bool authoritative) const {
    return active_ && merged_any_ && epoch_.has_value() && authoritative == authoritative_;
}

SyncCursor::Start SyncCursor::begin(bool authoritative, bool resumeAllowed) {
    if (resumeAllowed && resumable(authoritative)) {
        return Start{false, after_, true};  // the epoch stays: the first page must match it
    }
    abandon();
    active_ = true;
    authoritative_ = authoritative;
    return Start{};
}

SyncCursor::Verdict SyncCursor::onPage(uint64_t epoch) {
    if (!epoch_) {
        epoch_ = epoch;
        return Verdict::Merge;
    }
    return *epoch_ == epoch ? Verdict::Merge : Verdict::StartOver;
}

void SyncCursor::merged(const SyncPageRange& range) {
    if (range.to_end) {
        abandon();  // done: nothing left to resume
        return;
    }
    merged_any_ = true;
    after_ = range.last;
}

void SyncCursor::abandon() {
    *this = SyncCursor();
}

}  // namespace maas::hooks
