#include "ha_service.h"

#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "ha_messages.h"
#include "maas/hooks/coalesce.h"

namespace maas::hooks {

namespace {

constexpr int64_t kTickMs = 100;
constexpr int64_t kSkewWarnMs = 30000;
constexpr size_t kMaxBatch = 1000;

int64_t wallMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

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

/// Wraps the real watcher so every peer I/O callback runs under the service lock and the
/// replies it releases are sent after the lock is dropped.
class HaService::GuardedWatcher final : public FdWatcher {
  public:
    GuardedWatcher(HaService& service, FdWatcher& inner) : service_(service), inner_(inner) {}
    void watch(int fd, std::function<void()> onReadable) override {
        inner_.watch(fd, [this, cb = std::move(onReadable)] {
            {
                std::lock_guard lock(service_.mutex_);
                cb();
            }
            service_.runDeferred();
        });
    }
    void unwatch(int fd) override { inner_.unwatch(fd); }

  private:
    HaService& service_;
    FdWatcher& inner_;
};

HaService::HaService(HookParameters params, Bytes secret, LeaseStore& store, FdWatcher& watcher,
                     std::shared_ptr<LogSink> sink)
    : params_(std::move(params)),
      store_(store),
      watcher_(watcher),
      log_("maas-ha", std::move(sink), Severity::Info),
      events_(params_.eventSocket),
      backlog_(params_.backlogLimit) {
    guarded_ = std::make_unique<GuardedWatcher>(*this, watcher_);
    if (params_.role == Role::Standalone) {
        state_ = HaState::Standalone;  // no partner: no link, nothing to wait for
        return;
    }
    link_ = std::make_unique<PeerLink>(
        params_, std::move(secret), *guarded_,
        PeerLink::Callbacks{
            [this] { onLinkUp(); }, [this](const Message& m) { onMessage(m); },
            [this](const std::string& reason, bool crashed) { onLinkDown(reason, crashed); },
            [this](const std::string& reason) {
                ++counters_.authFailures;
                log_.log(msg::kAuthFailed, "peer authentication failed", {{"reason", reason}});
            }});
}

HaService::~HaService() {
    if (timer_) {
        watcher_.unwatch(timer_.get());
    }
    link_.reset();
    // Nothing may stay parked forever: replies still waiting are dropped (clients retry).
    for (auto& p : parked_) {
        p.reply.drop();
    }
}

bool HaService::linkUp() const {
    return link_ && link_->up();
}

int64_t HaService::nowMs() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch())
        .count();
}

void HaService::start() {
    {
        std::lock_guard lock(mutex_);
        state_since_ms_ = nowMs();
        if (link_) {
            link_->start(state_since_ms_);
        }
        timer_.reset(::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC));
        itimerspec spec{};
        spec.it_interval.tv_nsec = kTickMs * 1000000;
        spec.it_value.tv_nsec = kTickMs * 1000000;
        ::timerfd_settime(timer_.get(), 0, &spec, nullptr);
        log_.log(msg::kStarted, "HA service started",
                 {{"role", roleName(params_.role)},
                  {"address", formatAddress(params_.address)},
                  {"peer", link_ ? formatAddress(params_.peerAddress) + ":" +
                                       std::to_string(params_.peerPort)
                                 : std::string("-")}});
    }
    guarded_->watch(timer_.get(), [this] {
        uint64_t expirations = 0;
        [[maybe_unused]] auto n = ::read(timer_.get(), &expirations, sizeof expirations);
        tick();
    });
}

void HaService::runDeferred() {
    std::vector<std::function<void()>> work;
    {
        std::lock_guard lock(mutex_);
        work.swap(deferred_);
    }
    for (auto& f : work) {
        f();
    }
}

int HaService::effectiveSplit() const {
    // The primary's split is authoritative for the pair.
    if (params_.role == Role::Secondary && link_->peerSplit() != 0) {
        return link_->peerSplit();
    }
    return params_.split;
}

// ---- state machine -------------------------------------------------------------------------

void HaService::handle(HaEvent event) {
    const HaState before = state_;
    const HaTransition t = transition(state_, event, params_.role);
    state_ = t.next;
    if (state_ != before) {
        state_since_ms_ = nowMs();
        log_.log(msg::kStateChange, "HA state changed",
                 {{"from", std::string(stateName(before))},
                  {"to", std::string(stateName(state_))},
                  {"event", std::string(eventName(event))}});
        sendHeartbeat();  // the partner learns our state at once
    }
    if ((t.actions & kFailPending) != 0U) {
        for (auto& p : parked_) {
            ++counters_.repliesDropped;
            deferred_.push_back(std::move(p.reply.drop));
        }
        parked_.clear();
    }
    if ((t.actions & kArmAutoPartnerDown) != 0U) {
        auto_partner_down_at_ms_ = params_.autoPartnerDownSeconds == 0
                                       ? 0
                                       : nowMs() + int64_t{params_.autoPartnerDownSeconds} * 1000;
    }
    if ((t.actions & kStartPull) != 0U) {
        startPull();
    }
    if ((t.actions & kReplayBacklog) != 0U) {
        replayBacklog();
    }
}

void HaService::tick() {
    const int64_t now = nowMs();
    if (link_) {
        link_->tick(now);
    }
    if (linkUp()) {
        if (now - last_heartbeat_sent_ms_ >= params_.heartbeatIntervalMs) {
            sendHeartbeat();
        }
        if (last_received_ms_ >= 0 &&
            now - last_received_ms_ > int64_t{params_.maxResponseDelaySeconds} * 1000) {
            link_->close("partner silent for more than max-response-delay");
        } else if (!parked_.empty() && Clock::now() - parked_.front().since >
                                           std::chrono::milliseconds(params_.maxAckDelayMs)) {
            link_->close("partner did not acknowledge within max-ack-delay");
        }
    }
    if (state_ == HaState::Startup &&
        now - state_since_ms_ > int64_t{params_.maxResponseDelaySeconds} * 1000) {
        handle(HaEvent::StartupTimeout);
    }
    if (state_ == HaState::CommunicationsInterrupted && auto_partner_down_at_ms_ != 0 &&
        now >= auto_partner_down_at_ms_) {
        handle(HaEvent::AutoPartnerDownTimeout);
    }
    flushStaged();
    if (publish_ && now - last_publish_ms_ >= 1000) {
        last_publish_ms_ = now;
        publish_(status());
    }
}

void HaService::setStatsPublisher(std::function<void(const HaStatus&)> publish) {
    std::lock_guard lock(mutex_);
    publish_ = std::move(publish);
}

void HaService::onLinkUp() {
    last_received_ms_ = nowMs();
    next_seq_ = 1;
    staged_first_seq_ = 1;
    partner_state_.reset();
    skew_reported_ = false;
    log_.log(msg::kLinkUp, "partner authenticated", {{"peer", formatAddress(params_.peerAddress)}});
    if (params_.role == Role::Secondary && link_->peerSplit() != params_.split) {
        log_.log(msg::kSplitMismatch, "using the primary's split",
                 {{"ours", std::to_string(params_.split)},
                  {"primary", std::to_string(link_->peerSplit())}});
    }
    sendHeartbeat();
    handle(HaEvent::LinkUp);
    if (resync_wanted_ && !syncing_) {
        resync_wanted_ = false;
        handle(HaEvent::ResyncRequired);
    }
}

void HaService::onLinkDown(const std::string& reason, bool partnerCrashed) {
    ++counters_.linkLosses;
    log_.log(msg::kLinkDown, "peer link lost",
             {{"reason", reason}, {"unacked", std::to_string(unacked_.size() + staged_.size())}});
    // The partner may not have stored what it did not acknowledge: keep it for the replay.
    for (auto& [seq, lease] : unacked_) {
        enqueueBacklog(lease);
    }
    for (auto& lease : staged_) {
        enqueueBacklog(lease);
    }
    unacked_.clear();
    staged_.clear();
    in_flight_frames_.clear();
    for (auto& p : parked_) {
        ++counters_.repliesDropped;
        deferred_.push_back(std::move(p.reply.drop));
    }
    parked_.clear();
    syncing_ = false;
    // A crash can be taken as partner-down at once only when every ACK waited for our copy.
    handle(partnerCrashed && params_.waitForPartnerAck ? HaEvent::PartnerCrashed
                                                       : HaEvent::LinkLost);
}

void HaService::onMessage(const Message& message) {
    last_received_ms_ = nowMs();
    std::visit(
        [this](const auto& m) {
            using T = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<T, Heartbeat>) {
                onHeartbeat(m);
            } else if constexpr (std::is_same_v<T, LeaseBatch>) {
                onLeaseBatch(m);
            } else if constexpr (std::is_same_v<T, Ack>) {
                onAck(m);
            } else if constexpr (std::is_same_v<T, SyncRequest>) {
                onSyncRequest(m);
            } else if constexpr (std::is_same_v<T, SyncPage>) {
                onSyncPage(m);
            } else if constexpr (std::is_same_v<T, Bye>) {
                // Consumed by the link.
            } else {
                link_->close("handshake message on an authenticated link");
            }
        },
        message);
}

void HaService::onHeartbeat(const Heartbeat& hb) {
    clock_skew_ms_ = hb.clockMs - wallMs();
    if (std::abs(clock_skew_ms_) > kSkewWarnMs && !skew_reported_) {
        skew_reported_ = true;
        log_.log(msg::kClockSkew, "partner clock skew",
                 {{"skew-ms", std::to_string(clock_skew_ms_)}});
    }
    const bool changed = !partner_state_ || *partner_state_ != hb.state;
    partner_state_ = hb.state;
    if (changed && hb.state == HaState::PartnerDown) {
        handle(HaEvent::PartnerInPartnerDown);
    } else if (changed && hb.state == HaState::Normal) {
        handle(HaEvent::PartnerNormal);
    }
    if (hb.pullFromMe && !syncing_) {
        handle(HaEvent::ResyncRequired);
    }
}

// ---- replication ---------------------------------------------------------------------------

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
    for (auto& change : changes) {
        stage(change.first);
    }
    const bool park = parkable && params_.waitForPartnerAck && state_ == HaState::Normal;
    if (park) {
        ++counters_.repliesParked;
        parked_.push_back(Parked{first, next_seq_ - 1, Clock::now(), std::move(reply)});
    }
    flushStagedIfDue();
    return park;  // if the link fell meanwhile, the drop is already queued
}

void HaService::stage(const LeaseRecord& lease) {
    if (staged_.empty()) {
        staged_first_seq_ = next_seq_;
        staged_since_ = Clock::now();
    }
    staged_.push_back(lease);
    ++next_seq_;
}

void HaService::flushStaged(bool ignoreWindow) {
    while (!staged_.empty() && linkUp() &&
           (ignoreWindow || in_flight_frames_.size() < params_.maxUnackedUpdates)) {
        const size_t count = std::min(staged_.size(), kMaxBatch);
        LeaseBatch batch{staged_first_seq_, {}};
        batch.leases.assign(staged_.begin(), staged_.begin() + static_cast<ptrdiff_t>(count));
        for (size_t i = 0; i < count; ++i) {
            unacked_.emplace(staged_first_seq_ + i, batch.leases[i]);
        }
        in_flight_frames_.push_back({staged_first_seq_, static_cast<uint32_t>(count)});
        staged_.erase(staged_.begin(), staged_.begin() + static_cast<ptrdiff_t>(count));
        staged_first_seq_ += count;
        counters_.updatesSent += count;
        link_->send(batch);
    }
}

void HaService::flushStagedIfDue() {
    if (staged_.empty()) {
        return;
    }
    const auto age =
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - staged_since_);
    if (sendStagedNow(staged_.size(), age.count(), watcher_.queriesWaiting())) {
        flushStaged();
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
            stage(lease);
        }
        flushStaged(true);  // replays ignore the in-flight window; nothing waits on them
    }
}

void HaService::onAck(const Ack& ack) {
    if (in_flight_frames_.empty() || in_flight_frames_.front().firstSeq != ack.firstSeq ||
        in_flight_frames_.front().count != ack.count) {
        link_->close("acknowledgement does not match the oldest update in flight");
        return;
    }
    in_flight_frames_.pop_front();
    const uint64_t end = ack.firstSeq + ack.count;
    for (uint64_t seq = ack.firstSeq; seq < end; ++seq) {
        unacked_.erase(seq);
    }
    counters_.updatesAcked += ack.count - ack.failed.size();
    counters_.updatesFailed += ack.failed.size();
    if (!ack.failed.empty()) {
        log_.log(msg::kUpdateFailed, "partner could not store lease changes",
                 {{"count", std::to_string(ack.failed.size())}});
    }
    const auto now = Clock::now();
    while (!parked_.empty() && parked_.front().lastSeq < end) {
        Parked& p = parked_.front();
        const bool failed = std::any_of(ack.failed.begin(), ack.failed.end(), [&](uint64_t s) {
            return s >= p.firstSeq && s <= p.lastSeq;
        });
        const auto us =
            std::chrono::duration_cast<std::chrono::microseconds>(now - p.since).count();
        counters_.ackLatencySumUs += static_cast<uint64_t>(us);
        counters_.ackLatencyMaxUs = std::max<uint64_t>(counters_.ackLatencyMaxUs, us);
        if (failed) {
            ++counters_.repliesDropped;
        }
        deferred_.push_back(std::move(failed ? p.reply.drop : p.reply.release));
        parked_.pop_front();
    }
    flushStagedIfDue();
}

void HaService::onLeaseBatch(const LeaseBatch& batch) {
    Ack ack{batch.firstSeq, static_cast<uint32_t>(batch.leases.size()), {}};
    for (size_t i = 0; i < batch.leases.size(); ++i) {
        const LeaseRecord& lease = batch.leases[i];
        ++counters_.updatesReceived;
        const std::string error = store_.apply(lease);
        if (!error.empty()) {
            ++counters_.updatesApplyFailed;
            ack.failed.push_back(batch.firstSeq + i);
            log_.log(msg::kUpdateFailed, "could not store the partner's lease change",
                     {{"ip", formatAddress(lease.address)}, {"error", error}});
            continue;
        }
        events_.report(partnerAction(lease), lease, "partner");
    }
    link_->send(ack);
}

void HaService::enqueueBacklog(const LeaseRecord& lease) {
    const bool wasOverflowed = backlog_.overflowed();
    if (!backlog_.push(lease) && !wasOverflowed) {
        log_.log(msg::kBacklogOverflow, "backlog overflowed; partner needs a full resync",
                 {{"limit", std::to_string(params_.backlogLimit)}});
    }
}

// ---- sync ----------------------------------------------------------------------------------

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

void HaService::sendHeartbeat() {
    if (!linkUp()) {
        return;
    }
    last_heartbeat_sent_ms_ = nowMs();
    link_->send(
        Heartbeat{state_, wallMs(), static_cast<uint32_t>(backlog_.size()), backlog_.overflowed()});
}

// ---- queries and commands ------------------------------------------------------------------

bool HaService::shouldAnswer(const QueryFacts& query) {
    std::lock_guard lock(mutex_);
    const bool answer =
        maas::hooks::shouldAnswer(state_, partner_state_.value_or(HaState::Startup), params_.role,
                                  effectiveSplit(), params_.loadBalanceMaxSeconds, query);
    if (!answer) {
        ++counters_.queriesDropped;
    }
    return answer;
}

bool HaService::mayAllocate(uint32_t address, bool renewal) {
    std::lock_guard lock(mutex_);
    return maas::hooks::mayAllocate(state_, params_.role, address, renewal);
}

uint32_t HaService::grantedLifetime(uint32_t requested) {
    std::lock_guard lock(mutex_);
    return maas::hooks::grantedLifetime(state_, requested, params_.mcltSeconds);
}

HaStatus HaService::status() {
    std::lock_guard lock(mutex_);
    return HaStatus{state_,
                    partner_state_,
                    params_.role,
                    linkUp(),
                    backlog_.size(),
                    backlog_.overflowed(),
                    last_received_ms_ < 0 ? -1 : nowMs() - last_received_ms_,
                    clock_skew_ms_,
                    effectiveSplit(),
                    counters_};
}

std::string HaService::partnerDown() {
    std::string text;
    {
        std::lock_guard lock(mutex_);
        handle(HaEvent::PartnerDownCommand);  // standalone: the table keeps it standalone
        text = link_ ? "state is now " + std::string(stateName(state_))
                     : std::string("standalone: there is no partner");
        log_.log(msg::kCommand, "partner-down command",
                 {{"state", std::string(stateName(state_))}});
    }
    runDeferred();
    return text;
}

std::string HaService::resync() {
    std::string text;
    {
        std::lock_guard lock(mutex_);
        if (!link_) {
            text = "standalone: there is no partner to resync with";
        } else if (!link_->up()) {
            resync_wanted_ = true;
            text = "partner unreachable; resync starts when the link is up";
        } else {
            handle(HaEvent::ResyncRequired);
            text = "state is now " + std::string(stateName(state_));
        }
        log_.log(msg::kCommand, "resync command", {{"result", text}});
    }
    runDeferred();
    return text;
}

}  // namespace maas::hooks
