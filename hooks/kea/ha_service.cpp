// HaService: construction, the main-loop tick, the state table and the peer link's events.
// Replication is in ha_replication.cpp, sync in ha_sync.cpp, queries and commands in
// ha_queries.cpp.
#include "ha_service.h"

#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <utility>

#include "ha_messages.h"
#include "maas/common/secret.h"

namespace maas::hooks {

namespace {

// Heartbeats leave and the failure detector judges on this tick: half the default heartbeat
// interval, so a heartbeat is never a whole tick late and loss is seen within 50 ms of due.
constexpr int64_t kTickMs = 50;
constexpr int64_t kSkewWarnMs = 30000;

int64_t wallMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

/// Wraps the real watcher so every peer I/O callback runs under the service lock; the partner's
/// batches it received are stored and the replies it released are sent after the lock is
/// dropped.
class HaService::GuardedWatcher final : public FdWatcher {
  public:
    GuardedWatcher(HaService& service, FdWatcher& inner) : service_(service), inner_(inner) {}
    void watch(int fd, std::function<void()> onReadable) override {
        inner_.watch(fd, [this, cb = std::move(onReadable)] {
            {
                std::lock_guard lock(service_.mutex_);
                cb();
            }
            service_.storeReceived();
            service_.runDeferred();
        });
    }
    void unwatch(int fd) override { inner_.unwatch(fd); }

  private:
    HaService& service_;
    FdWatcher& inner_;
};

HaService::HaService(HookParameters params, Bytes secret, LeaseStore& store, FdWatcher& watcher,
                     std::shared_ptr<LogSink> sink, const maas::Clock& clock)
    : params_(std::move(params)),
      clock_(clock),
      store_(store),
      watcher_(watcher),
      log_("maas-ha", std::move(sink), Severity::Info),
      events_(params_.event_socket, log_, LeaseEvents::randomId(), clock_),
      backlog_(params_.backlog_limit),
      detector_(DetectorLimits{params_.heartbeat_interval_ms, params_.link_loss_floor_ms,
                               params_.link_loss_ceiling_ms, params_.link_loss_phi}),
      serve_sizer_(params_.sync_page_size),
      pull_sizer_(params_.sync_page_size),
      coalesce_(coalesceLimits(params_.batch_hold_ms)) {
    guarded_ = std::make_unique<GuardedWatcher>(*this, watcher_);
    for (uint8_t byte : randomBytes(sizeof sync_epoch_base_)) {
        sync_epoch_base_ = (sync_epoch_base_ << 8) | byte;
    }
    if (params_.role == Role::Standalone) {
        state_ = HaState::Standalone;  // no partner: no link, nothing to wait for
        return;
    }
    link_ = std::make_unique<PeerLink>(
        params_, std::move(secret), *guarded_,
        PeerLink::Callbacks{
            [this] { onLinkUp(); }, [this](const PeerMessage& m) { onMessage(m); },
            [this](const std::string& reason, bool crashed) { onLinkDown(reason, crashed); },
            [this](const std::string& reason) {
                ++counters_.auth_failures;
                log_.log(msg::kAuthFailed, "peer authentication failed", {{"reason", reason}});
            }});
}

HaService::~HaService() {
    if (timer_) {
        watcher_.unwatch(timer_.get());
    }
    if (flush_timer_) {
        watcher_.unwatch(flush_timer_.get());
    }
    link_.reset();
    // Nothing may stay parked forever: replies still waiting are dropped (clients retry).
    for (auto& p : parked_) {
        p.reply.finish(false);
    }
}

bool HaService::linkUp() const {
    return link_ && link_->up();
}

int64_t HaService::nowMs() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(clock_.now().time_since_epoch())
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
                  {"peer", link_ ? formatAddress(params_.peer_address) + ":" +
                                       std::to_string(params_.peer_port)
                                 : std::string("-")}});
    }
    guarded_->watch(timer_.get(), [this] {
        uint64_t expirations = 0;
        [[maybe_unused]] auto n = ::read(timer_.get(), &expirations, sizeof expirations);
        tick();
    });
    if (link_) {
        flush_timer_.reset(::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC));
        guarded_->watch(flush_timer_.get(), [this] {
            uint64_t expirations = 0;
            [[maybe_unused]] auto n = ::read(flush_timer_.get(), &expirations, sizeof expirations);
            flush_timer_armed_ = false;
            flushStagedIfDue();
            servePendingPage();
        });
    }
}

void HaService::armFlushTimer(int64_t us) {
    if (flush_timer_armed_ || !flush_timer_) {
        return;  // an earlier deadline is pending; it re-decides when it fires
    }
    itimerspec spec{};
    spec.it_value.tv_sec = us / 1000000;
    spec.it_value.tv_nsec = std::max<int64_t>(us % 1000000, 1) * 1000;
    flush_timer_armed_ = ::timerfd_settime(flush_timer_.get(), 0, &spec, nullptr) == 0;
}

void HaService::runDeferred() {
    std::vector<Deferred> work;
    {
        std::lock_guard lock(mutex_);
        if (deferred_.empty()) {
            return;
        }
        work.swap(deferred_);
    }
    for (auto& [reply, send] : work) {
        reply.finish(send);
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

void HaService::handle(HaEvent event, bool pullMayResume) {
    const HaState before = state_;
    const HaTransition t = transition(state_, event, params_.role);
    state_ = t.next;
    if (state_ != before) {
        state_since_ms_ = nowMs();
        noteTakeover(before, event);
        log_.log(msg::kStateChange, "HA state changed",
                 {{"from", std::string(stateName(before))},
                  {"to", std::string(stateName(state_))},
                  {"event", std::string(eventName(event))}});
        sendHeartbeat();  // the partner learns our state at once
    }
    if ((t.actions & kFailPending) != 0U) {
        for (auto& p : parked_) {
            ++counters_.replies_dropped;
            deferred_.push_back({std::move(p.reply), false});
        }
        parked_.clear();
    }
    if ((t.actions & kArmAutoPartnerDown) != 0U) {
        auto_partner_down_at_ms_ =
            params_.auto_partner_down_seconds == 0
                ? 0
                : nowMs() + int64_t{params_.auto_partner_down_seconds} * 1000;
    }
    if ((t.actions & kStartPull) != 0U) {
        // Only a pull a lost link interrupted may resume.
        syncEvent(event == HaEvent::LinkUp || pullMayResume ? SyncEvent::Start
                                                            : SyncEvent::StartOver);
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
        // Due within half a tick counts as due: the period stays the interval, not a tick more.
        if (now - last_heartbeat_sent_ms_ >= int64_t{params_.heartbeat_interval_ms} - kTickMs / 2) {
            sendHeartbeat();
        }
        checkPartnerAlive(now);
        servePendingPage();  // in case its timer was taken by a later deadline
    }
    if (state_ == HaState::Startup &&
        now - state_since_ms_ > int64_t{params_.max_response_delay_seconds} * 1000) {
        // A partial lease set never serves: a pull left unfinished waits for the partner.
        handle(pullUnfinished(sync_phase_) ? HaEvent::StartupTimeoutMidPull
                                           : HaEvent::StartupTimeout);
    }
    if (state_ == HaState::CommunicationsInterrupted && auto_partner_down_at_ms_ != 0 &&
        now >= auto_partner_down_at_ms_) {
        handle(HaEvent::AutoPartnerDownTimeout);
    }
    flushStaged();
    events_.tick();  // rackd's acknowledgements; lease events that waited for it or its ack
    if (publish_ && now - last_publish_ms_ >= 1000) {
        last_publish_ms_ = now;
        publish_(status());
    }
}

void HaService::checkPartnerAlive(int64_t now) {
    if (detector_.lost(now)) {
        log_.log(
            msg::kPartnerSilent, "partner silent: failure detector declares the link lost",
            {{"silence-ms", std::to_string(detector_.silenceMs(now))},
             {"loss-after-ms", std::to_string(detector_.lossAfterMs())},
             {"gap-mean-ms", std::to_string(static_cast<int64_t>(detector_.meanGapMs()))},
             {"gap-stddev-ms", std::to_string(static_cast<int64_t>(detector_.stdDevGapMs()))}});
        link_->close("partner silent (failure detector)");
    } else if (!parked_.empty() && clock_.now() - parked_.front().since >
                                       std::chrono::milliseconds(params_.max_ack_delay_ms)) {
        link_->close("partner did not acknowledge within max-ack-delay");
    }
}

void HaService::setStatsPublisher(std::function<void(const HaStatus&)> publish) {
    std::lock_guard lock(mutex_);
    publish_ = std::move(publish);
}

void HaService::onLinkUp() {
    ++link_generation_;
    last_received_ms_ = nowMs();
    detector_.linkUp(last_received_ms_);
    next_seq_ = 1;
    staged_first_seq_ = 1;
    partner_state_.reset();
    skew_reported_ = false;
    log_.log(msg::kLinkUp, "partner authenticated",
             {{"peer", formatAddress(params_.peer_address)}});
    if (params_.role == Role::Secondary && link_->peerSplit() != params_.split) {
        log_.log(msg::kSplitMismatch, "using the primary's split",
                 {{"ours", std::to_string(params_.split)},
                  {"primary", std::to_string(link_->peerSplit())}});
    }
    sendHeartbeat();
    handle(HaEvent::LinkUp);
    syncEvent(SyncEvent::LinkBack);  // a pull left waiting that the table did not start now
}

void HaService::onLinkDown(const std::string& reason, bool partnerCrashed) {
    ++link_generation_;  // batches received on it are still stored, but not acknowledged
    ++counters_.link_losses;
    size_t unacked = staged_.size();
    for (const InFlight& frame : in_flight_frames_) {
        unacked += frame.leases.size();
    }
    log_.log(msg::kLinkDown, "peer link lost",
             {{"reason", reason}, {"unacked", std::to_string(unacked)}});
    // The partner may not have stored what it did not acknowledge: keep it for the replay.
    for (const InFlight& frame : in_flight_frames_) {
        for (const LeaseRecord& lease : frame.leases) {
            enqueueBacklog(lease);
        }
    }
    for (auto& lease : staged_) {
        enqueueBacklog(lease);
    }
    staged_.clear();
    in_flight_frames_.clear();
    for (auto& p : parked_) {
        ++counters_.replies_dropped;
        deferred_.push_back({std::move(p.reply), false});
    }
    parked_.clear();
    syncEvent(SyncEvent::LinkLost);
    sync_pages_in_flight_ = 0;  // a new link starts with no answer pending
    sync_stale_pages_ = 0;
    pending_page_.reset();
    // A crash can be taken as partner-down at once only when every ACK waited for our copy.
    handle(partnerCrashed && params_.wait_for_partner_ack ? HaEvent::PartnerCrashed
                                                          : HaEvent::LinkLost);
}

void HaService::onMessage(const PeerMessage& message) {
    last_received_ms_ = nowMs();
    if (std::holds_alternative<Heartbeat>(message)) {
        detector_.onHeartbeat(last_received_ms_);
    } else {
        detector_.onFrame(last_received_ms_);
    }
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
                storeReceivedLocked();
                onSyncRequest(m);
            } else if constexpr (std::is_same_v<T, SyncPage>) {
                storeReceivedLocked();
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
    clock_skew_ms_ = hb.clock_ms - wallMs();
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
    if (hb.pull_from_me && !pullRunning(sync_phase_)) {
        handle(HaEvent::ResyncRequired);
    }
    syncEvent(SyncEvent::PartnerStateKnown);  // a resume waiting for the partner's authority
}

void HaService::sendHeartbeat() {
    if (!linkUp()) {
        return;
    }
    last_heartbeat_sent_ms_ = nowMs();
    link_->send(
        Heartbeat{state_, wallMs(), static_cast<uint32_t>(backlog_.size()), backlog_.overflowed()});
}
}  // namespace maas::hooks
