// HaService replication: local changes staged, batched and sent (parking the client's reply
// until the partner's Ack), the partner's changes applied, the backlog of an absent partner.
#include <algorithm>

#include "ha_messages.h"
#include "ha_service.h"
#include "maas/hooks/coalesce.h"

namespace maas::hooks {

namespace {

constexpr size_t kMaxBatch = 1000;

const char* partnerAction(const LeaseRecord& lease) {
    if (lease.op == LeaseRecord::Op::Delete) {
        return "release";
    }
    if (lease.state == 1) {
        return "decline";
    }
    return lease.state == 2 ? "expire" : "commit";
}

}  // namespace

bool HaService::onLocalChanges(std::vector<std::pair<LeaseRecord, const char*>> changes,
                               bool parkable, ParkedReply reply) {
    std::lock_guard lock(mutex_);
    for (auto& [lease, action] : changes) {
        events_.report(action, lease, "local");
    }
    if (!link_) {
        return false;  // standalone: reported is all there is to do
    }
    if (!link_->up()) {
        for (auto& change : changes) {
            enqueueBacklog(change.first);
        }
        return false;
    }
    const uint64_t first = next_seq_;
    const int64_t nowUs =
        std::chrono::duration_cast<std::chrono::microseconds>(clock_.now().time_since_epoch())
            .count();
    for (auto& change : changes) {
        change_rate_.onChange(nowUs);  // live changes only: a backlog replay is no load
        stage(std::move(change.first));
    }
    const bool park = parkable && params_.wait_for_partner_ack && state_ == HaState::Normal;
    if (park) {
        ++counters_.replies_parked;
        parked_.push_back(Parked{first, next_seq_ - 1, clock_.now(), std::move(reply)});
    }
    flushStagedIfDue();
    return park;  // if the link fell meanwhile, the drop is already queued
}

void HaService::stage(LeaseRecord lease) {
    if (staged_.empty()) {
        staged_first_seq_ = next_seq_;
        staged_since_ = clock_.now();
    }
    staged_.push_back(std::move(lease));
    ++next_seq_;
}

void HaService::flushStaged(bool ignoreWindow) {
    if (!linkUp()) {
        return;
    }
    // Corked, send() only encodes: a failed write (which drops the link and moves the frames in
    // flight to the backlog) happens after every frame's records are kept in flight below.
    const PeerLink::Corked corked(*link_);
    while (!staged_.empty() && link_->up() &&
           (ignoreWindow || in_flight_frames_.size() < params_.max_unacked_updates)) {
        const auto end =
            staged_.begin() + static_cast<ptrdiff_t>(std::min(staged_.size(), kMaxBatch));
        // The records move from staged to the frame and, once encoded, on to the frame in
        // flight: never copied.
        PeerMessage message{
            LeaseBatch{staged_first_seq_,
                       {std::make_move_iterator(staged_.begin()), std::make_move_iterator(end)}}};
        staged_.erase(staged_.begin(), end);
        auto& leases = std::get<LeaseBatch>(message).leases;
        InFlight& frame = in_flight_frames_.emplace_back(InFlight{staged_first_seq_, {}});
        staged_first_seq_ += leases.size();
        counters_.updates_sent += leases.size();
        last_frame_sent_ = clock_.now();
        try {
            link_->send(message);
        } catch (...) {
            frame.leases = std::move(leases);  // kept for the replay all the same
            throw;
        }
        frame.leases = std::move(leases);
    }
}

void HaService::flushStagedIfDue() {
    if (staged_.empty()) {
        return;
    }
    const auto now = clock_.now();
    const auto us = [&](TimePoint since) {
        return std::chrono::duration_cast<std::chrono::microseconds>(now - since).count();
    };
    const auto decision = stagedAction({staged_.size(), us(staged_since_), in_flight_frames_.size(),
                                        us(last_frame_sent_), change_rate_.averageGapUs()},
                                       coalesce_);
    switch (decision.action) {
        case StagedAction::Send:
            flushStaged();
            break;
        case StagedAction::SendUnlessQueriesQueued:
            if (!watcher_.queriesWaiting()) {
                flushStaged();
            }
            break;
        case StagedAction::WaitFor:
            armFlushTimer(decision.wait_us);
            break;
        case StagedAction::Wait:
            break;
    }
}

void HaService::onQueryReceived() {
    {
        std::lock_guard lock(mutex_);
        flushStagedIfDue();
    }
    runDeferred();  // a failed write drops the link and with it the parked replies
}

void HaService::replayBacklog() {
    while (!backlog_.empty() && link_->up()) {
        for (auto& lease : backlog_.take(kMaxBatch)) {
            stage(std::move(lease));
        }
        flushStaged(true);  // replays ignore the in-flight window; nothing waits on them
    }
}

void HaService::onAck(const Ack& ack) {
    if (in_flight_frames_.empty() || in_flight_frames_.front().first_seq != ack.first_seq ||
        in_flight_frames_.front().leases.size() != ack.count) {
        link_->close("acknowledgement does not match the oldest update in flight");
        return;
    }
    in_flight_frames_.pop_front();
    const uint64_t end = ack.first_seq + ack.count;
    counters_.updates_acked += ack.count - ack.failed.size();
    counters_.updates_failed += ack.failed.size();
    if (!ack.failed.empty()) {
        log_.log(msg::kUpdateFailed, "partner could not store lease changes",
                 {{"count", std::to_string(ack.failed.size())}});
    }
    const auto now = clock_.now();
    while (!parked_.empty() && parked_.front().last_seq < end) {
        Parked& p = parked_.front();
        const bool failed = std::any_of(ack.failed.begin(), ack.failed.end(), [&](uint64_t s) {
            return s >= p.first_seq && s <= p.last_seq;
        });
        const auto us =
            std::chrono::duration_cast<std::chrono::microseconds>(now - p.since).count();
        counters_.ack_latency_sum_us += static_cast<uint64_t>(us);
        counters_.ack_latency_max_us = std::max<uint64_t>(counters_.ack_latency_max_us, us);
        if (failed) {
            ++counters_.replies_dropped;
        }
        deferred_.push_back({std::move(p.reply), !failed});
        parked_.pop_front();
    }
    flushStagedIfDue();
}

void HaService::onLeaseBatch(const LeaseBatch& batch) {
    received_.push_back({batch, link_generation_});  // stored once the lock is dropped
}

std::vector<std::string> HaService::storeBatch(const LeaseBatch& batch) {
    std::vector<std::string> errors;
    errors.reserve(batch.leases.size());
    for (const LeaseRecord& lease : batch.leases) {
        errors.push_back(store_.apply(lease));
    }
    return errors;
}

void HaService::storeReceived() {
    // Only Kea's main loop (the watcher's callbacks) receives batches and calls this, so the
    // batches are stored and acknowledged in the order they came; packet threads' callouts run
    // meanwhile instead of waiting for the store.
    std::deque<ReceivedBatch> batches;
    {
        std::lock_guard lock(mutex_);
        batches.swap(received_);
    }
    if (batches.empty()) {
        return;
    }
    std::vector<std::vector<std::string>> errors;
    for (const auto& received : batches) {
        errors.push_back(storeBatch(received.batch));
    }
    std::lock_guard lock(mutex_);
    const PeerLink::Corked corked(*link_);  // all Acks in one write
    for (size_t i = 0; i < batches.size(); ++i) {
        acknowledge(batches[i], errors[i]);
    }
}

void HaService::storeReceivedLocked() {
    while (!received_.empty()) {
        const ReceivedBatch received = std::move(received_.front());
        received_.pop_front();
        acknowledge(received, storeBatch(received.batch));
    }
}

void HaService::acknowledge(const ReceivedBatch& received, const std::vector<std::string>& errors) {
    const LeaseBatch& batch = received.batch;
    Ack ack{batch.first_seq, static_cast<uint32_t>(batch.leases.size()), {}};
    for (size_t i = 0; i < batch.leases.size(); ++i) {
        const LeaseRecord& lease = batch.leases[i];
        ++counters_.updates_received;
        if (!errors[i].empty()) {
            ++counters_.updates_apply_failed;
            ack.failed.push_back(batch.first_seq + i);
            log_.log(msg::kUpdateFailed, "could not store the partner's lease change",
                     {{"ip", formatAddress(lease.address)}, {"error", errors[i]}});
            continue;
        }
        events_.report(partnerAction(lease), lease, "partner");
    }
    // A link lost meanwhile: the partner keeps these for its replay; an Ack on a new link
    // would acknowledge sequence numbers it never sent there.
    if (received.link == link_generation_ && linkUp()) {
        link_->send(ack);
    }
}

void HaService::enqueueBacklog(const LeaseRecord& lease) {
    const bool wasOverflowed = backlog_.overflowed();
    if (!backlog_.push(lease) && !wasOverflowed) {
        log_.log(msg::kBacklogOverflow, "backlog overflowed; partner needs a full resync",
                 {{"limit", std::to_string(params_.backlog_limit)}});
    }
}

}  // namespace maas::hooks
