// HaService sync: pulling the partner's leases page by page and merging each page with ours;
// serving the partner's pull from our lease store.
#include "ha_messages.h"
#include "ha_service.h"

namespace maas::hooks {

void HaService::startPull() {
    if (!link_->up()) {
        return;
    }
    syncing_ = true;
    sync_from_start_ = true;
    sync_after_ = 0;
    sync_authoritative_ = partnerServedAlone();
    sync_removed_ = 0;
    link_->send(SyncRequest{true, 0, params_.syncPageSize});
}

bool HaService::partnerServedAlone() const {
    return state_ == HaState::Recover || partner_state_ == HaState::PartnerDown;
}

std::vector<LeaseRecord> HaService::localLeasesIn(const SyncPageRange& range) {
    std::vector<LeaseRecord> local;
    bool fromStart = range.fromStart;
    uint32_t after = range.after;
    for (;;) {
        LeaseStore::Page page = store_.page(fromStart, after, params_.syncPageSize);
        for (LeaseRecord& lease : page.leases) {
            if (!range.contains(lease.address)) {
                return local;  // address order: everything further is outside too
            }
            local.push_back(std::move(lease));
        }
        if (page.last || page.leases.empty()) {
            return local;
        }
        fromStart = false;
        after = local.back().address;
    }
}

void HaService::onSyncRequest(const SyncRequest& request) {
    LeaseStore::Page page;
    try {
        page = store_.page(request.fromStart, request.after, request.limit);
    } catch (const std::exception& e) {
        log_.log(msg::kSyncFailed, "could not read a page for the partner", {{"error", e.what()}});
        link_->close("lease page unavailable");
        return;
    }
    counters_.syncLeasesServed += page.leases.size();
    link_->send(SyncPage{std::move(page.leases), page.last});
    if (page.last && backlog_.overflowed()) {
        backlog_.clearOverflow();  // the partner now holds everything we have
    }
}

void HaService::onSyncPage(const SyncPage& page) {
    if (!syncing_) {
        return;
    }
    if (partnerServedAlone() && !sync_authoritative_) {
        // The partner's partner-down became known mid-pull: start over so that the pages
        // merged so far are reconciled too.
        startPull();
        return;
    }
    const SyncPageRange range =
        syncPageRange(sync_from_start_, sync_after_, page.leases, page.last);
    SyncPlan plan;
    try {
        plan = planSyncPage(page.leases, localLeasesIn(range), sync_authoritative_);
    } catch (const std::exception& e) {
        log_.log(msg::kSyncFailed, "could not read local leases to merge a page",
                 {{"error", e.what()}});
        syncing_ = false;
        handle(HaEvent::SyncFailed);
        return;
    }
    counters_.syncLeasesPulled += page.leases.size();  // received, written only where different
    if (!applySyncPlan(plan)) {
        syncing_ = false;
        handle(HaEvent::SyncFailed);
        return;
    }
    if (range.toEnd) {
        syncing_ = false;
        log_.log(msg::kSyncDone, "partner's leases pulled",
                 {{"leases", std::to_string(counters_.syncLeasesPulled)},
                  {"removed", std::to_string(sync_removed_)}});
        handle(HaEvent::SyncComplete);
        return;
    }
    sync_from_start_ = false;
    sync_after_ = range.last;
    link_->send(SyncRequest{false, sync_after_, params_.syncPageSize});
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
