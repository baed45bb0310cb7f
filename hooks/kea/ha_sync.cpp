// HaService sync: pulling the partner's leases page by page and merging each page with ours;
// serving the partner's pull from our lease store. Pages are sized on each side by how long
// its part took (PageSizer), and the next page is asked for before this one is merged, so the
// partner reads it meanwhile.
#include <time.h>

#include <algorithm>

#include "ha_messages.h"
#include "ha_service.h"

namespace maas::hooks {

namespace {

// CPU time of the calling thread: what a page costs us, whatever else the host runs (wall
// time on a loaded host would shrink pages for other processes' work).
int64_t threadCpuUs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return int64_t{ts.tv_sec} * 1000000 + ts.tv_nsec / 1000;
}

}  // namespace

void HaService::syncEvent(SyncEvent event) {
    const SyncTransition t = syncTransition(sync_phase_, event);
    sync_phase_ = t.next;
    if ((t.actions & (kForgetCursor | kSyncFail)) != 0U) {
        sync_cursor_.abandon();
    }
    if ((t.actions & (kBeginFromStart | kBeginResume)) != 0U) {
        beginPull((t.actions & kBeginResume) != 0U);
    }
    if ((t.actions & kSyncFail) != 0U) {
        handle(HaEvent::SyncFailed);
    }
    if ((t.actions & kSyncComplete) != 0U) {
        handle(HaEvent::SyncComplete);
    }
    if ((t.actions & kAskResync) != 0U) {
        // The link is back and a pull waits that the state table did not start: finish it.
        handle(HaEvent::ResyncRequired, sync_phase_ == SyncPhase::Interrupted);
    }
}

void HaService::beginPull(bool resume) {
    if (!linkUp()) {
        syncEvent(SyncEvent::LinkLost);  // nothing can be asked for; the link's return will
        return;
    }
    sync_removed_ = 0;
    sync_stale_pages_ = sync_pages_in_flight_;  // answers to the pull abandoned, if any
    sync_authoritative_ = partnerServedAlone();
    const SyncCursor::Start start = sync_cursor_.begin(sync_authoritative_, resume);
    sync_from_start_ = start.from_start;
    sync_after_ = start.after;
    if (start.resumed) {
        ++counters_.sync_pulls_resumed;
        log_.log(msg::kSyncResumed, "pull continues after the last page merged",
                 {{"after", formatAddress(start.after)},
                  {"pulled", std::to_string(counters_.sync_leases_pulled)}});
    } else {
        ++counters_.sync_pulls_from_start;
        pull_sizer_.reset();
    }
    requestPage(start.from_start, start.after);
}

void HaService::requestPage(bool from_start, uint32_t after) {
    ++sync_pages_in_flight_;
    link_->send(SyncRequest{from_start, after, pull_sizer_.size()});
}

bool HaService::partnerServedAlone() const {
    return state_ == HaState::Recover || partner_state_ == HaState::PartnerDown;
}

std::vector<LeaseRecord> HaService::localLeasesIn(const SyncPageRange& range, size_t expected) {
    std::vector<LeaseRecord> local;
    bool from_start = range.from_start;
    uint32_t after = range.after;
    // Every lease read past the range is wasted (the partner's newer leases lie above it, and
    // an empty server has none in it): start small, double while all fit, up to the page.
    const auto most =
        static_cast<uint32_t>(std::min<size_t>(expected + 16, params_.sync_page_size));
    uint32_t limit = std::min(PageSizer::kFloor, most);
    for (;;) {
        LeaseStore::Page page = store_.page(from_start, after, limit);
        limit = std::min(limit * 2, most);
        for (LeaseRecord& lease : page.leases) {
            if (!range.contains(lease.address)) {
                return local;  // address order: everything further is outside too
            }
            local.push_back(std::move(lease));
        }
        if (page.last || page.leases.empty()) {
            return local;
        }
        from_start = false;
        after = local.back().address;
    }
}

void HaService::onSyncRequest(const SyncRequest& request) {
    // Clients first: a page asked for while queries are queued waits for them (bounded).
    pending_page_ = request;
    pending_page_since_ = clock_.now();
    servePendingPage();
}

void HaService::servePendingPage() {
    if (!pending_page_) {
        return;
    }
    const auto waited =
        std::chrono::duration_cast<std::chrono::microseconds>(clock_.now() - pending_page_since_)
            .count();
    if (!servePageNow(watcher_.queriesWaiting(), waited)) {
        armFlushTimer(std::min(kPageYieldCheckUs, kPageYieldMaxUs - waited));
        return;
    }
    const SyncRequest request = *pending_page_;
    pending_page_.reset();
    servePage(request);
}

void HaService::servePage(const SyncRequest& request) {
    const int64_t started = threadCpuUs();
    if (request.from_start) {
        serve_sizer_.reset();
    }
    // The partner's limit is its own merge budget; ours is what we read and send in ours.
    const uint32_t limit = std::max<uint32_t>(1, std::min(request.limit, serve_sizer_.size()));
    LeaseStore::Page page;
    try {
        page = store_.page(request.from_start, request.after, limit);
    } catch (const std::exception& e) {
        log_.log(msg::kSyncFailed, "could not read a page for the partner", {{"error", e.what()}});
        link_->close("lease page unavailable");
        return;
    }
    const auto served = static_cast<uint32_t>(page.leases.size());
    counters_.sync_leases_served += served;
    link_->send(SyncPage{std::move(page.leases), page.last, syncEpoch()});
    serve_sizer_.record(served, threadCpuUs() - started);
    if (page.last && backlog_.overflowed()) {
        backlog_.clearOverflow();  // the partner now holds everything we have
    }
}

void HaService::onSyncPage(const SyncPage& page) {
    sync_pages_in_flight_ -= std::min<uint32_t>(sync_pages_in_flight_, 1);
    if (sync_stale_pages_ > 0) {
        --sync_stale_pages_;
        return;
    }
    if (sync_phase_ != SyncPhase::Pulling) {
        return;
    }
    if (partnerServedAlone() && !sync_authoritative_) {
        // The partner's partner-down became known mid-pull: start over so that the pages
        // merged so far are reconciled too.
        syncEvent(SyncEvent::AuthorityChanged);
        return;
    }
    if (sync_cursor_.onPage(page.epoch) == SyncCursor::Verdict::StartOver) {
        // A restarted server, or one that dropped changes for us: what we merged may be stale.
        ++counters_.sync_resumes_refused;
        log_.log(msg::kSyncStartOver,
                 "partner answers in another sync epoch: pulling from the start",
                 {{"after", formatAddress(sync_after_)}});
        syncEvent(SyncEvent::EpochChanged);
        return;
    }
    const SyncPageRange range =
        syncPageRange(sync_from_start_, sync_after_, page.leases, page.last);
    if (!range.to_end) {
        sync_from_start_ = false;
        sync_after_ = range.last;
        requestPage(false, sync_after_);
    }
    const int64_t started = threadCpuUs();
    SyncPlan plan;
    try {
        plan = planSyncPage(page.leases, localLeasesIn(range, page.leases.size()),
                            sync_authoritative_);
    } catch (const std::exception& e) {
        log_.log(msg::kSyncFailed, "could not read local leases to merge a page",
                 {{"error", e.what()}});
        syncEvent(SyncEvent::MergeFailed);
        return;
    }
    counters_.sync_leases_pulled += page.leases.size();  // received, written only where different
    if (!applySyncPlan(plan)) {
        syncEvent(SyncEvent::MergeFailed);
        return;
    }
    sync_cursor_.merged(range);
    pull_sizer_.record(static_cast<uint32_t>(page.leases.size()), threadCpuUs() - started);
    if (range.to_end) {
        log_.log(msg::kSyncDone, "partner's leases pulled",
                 {{"leases", std::to_string(counters_.sync_leases_pulled)},
                  {"removed", std::to_string(sync_removed_)}});
    }
    syncEvent(range.to_end ? SyncEvent::LastPageMerged : SyncEvent::PageMerged);
}

bool HaService::applySyncPlan(const SyncPlan& plan) {
    for (const LeaseRecord& lease : plan.store) {
        const std::string error = store_.apply(lease);
        if (!error.empty()) {
            log_.log(msg::kSyncFailed, "could not apply a pulled lease",
                     {{"ip", formatAddress(lease.address)}, {"error", error}});
            return false;
        }
    }
    // Only the partner that served alone has these gone: they were never acked by the pair.
    for (LeaseRecord gone : plan.remove) {
        gone.op = LeaseRecord::Op::Delete;
        const std::string error = store_.apply(gone);
        if (!error.empty()) {
            log_.log(msg::kSyncFailed, "could not remove a lease the partner does not have",
                     {{"ip", formatAddress(gone.address)}, {"error", error}});
            return false;
        }
        ++sync_removed_;
        events_.report("release", gone, "partner");
    }
    return true;
}

}  // namespace maas::hooks
