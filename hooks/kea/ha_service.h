#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "fd_watcher.h"
#include "lease_events.h"
#include "lease_store.h"
#include "maas/common/clock.h"
#include "maas/common/log.h"
#include "maas/hooks/coalesce.h"
#include "maas/hooks/failure_detector.h"
#include "maas/hooks/fencing.h"
#include "maas/hooks/ha_state.h"
#include "maas/hooks/page_sizer.h"
#include "maas/hooks/serving_rule.h"
#include "maas/hooks/sync_cursor.h"
#include "maas/hooks/sync_lifecycle.h"
#include "maas/hooks/sync_plan.h"
#include "maas/hooks/update_backlog.h"
#include "peer_link.h"

namespace maas::hooks {

/// A client reply held until the partner stored its lease (parking, at the Kea boundary).
/// One callable, not one per outcome: it is built for every parked reply.
struct ParkedReply {
    /// true: send the reply; false: send nothing (the client retries).
    std::function<void(bool send)> finish;
};

/// Counters for status and statistics.
struct HaCounters {
    uint64_t updates_sent = 0;
    uint64_t updates_acked = 0;
    uint64_t updates_failed = 0;
    uint64_t updates_received = 0;
    uint64_t updates_apply_failed = 0;
    uint64_t sync_leases_pulled = 0;
    uint64_t sync_leases_served = 0;
    uint64_t sync_pulls_from_start = 0;
    uint64_t sync_pulls_resumed = 0;    ///< pulls continued after the last page merged
    uint64_t sync_resumes_refused = 0;  ///< of those, answered in another epoch: started over
    uint64_t replies_parked = 0;
    uint64_t replies_dropped = 0;
    uint64_t queries_dropped = 0;
    uint64_t auth_failures = 0;
    uint64_t link_losses = 0;
    uint64_t ack_latency_sum_us = 0;
    uint64_t ack_latency_max_us = 0;
};

/// A snapshot for the status command.
struct HaStatus {
    HaState state;
    std::optional<HaState> partner_state;
    Role role;
    bool link_up;
    size_t backlog;
    bool backlog_overflowed;
    int64_t last_contact_ms_ago;  ///< -1: never
    int64_t clock_skew_ms;
    int split;
    int64_t link_loss_after_ms;  ///< the failure detector's current judgement
    double heartbeat_gap_mean_ms;
    double heartbeat_gap_std_dev_ms;
    HaCounters counters;
    // Witness fencing (fencing.h).
    uint32_t fence_time_ms;          ///< 0: no witness
    int64_t witness_contact_ms_ago;  ///< -1: never
    bool witness_valid;
    AllocationRight allocation;      ///< which new addresses we hand out now
    TakeoverOrigin takeover_origin;  ///< who put us in partner-down (None otherwise)
    int64_t takeover_in_ms;          ///< a witness takeover's remaining wait (0: none)
    bool holds_partner_leases;       ///< reached normal since the last start
    int64_t last_failover_ms_ago;    ///< -1: never
    std::string last_failover_reason;
    LeaseEvents::Counters lease_events;  ///< lines for rackd: waiting, unacknowledged, resent
};

/// The HA service of one server: drives the state table from link and timer events, replicates
/// lease changes (parking replies until the partner acked), serves and performs syncs, and
/// answers the serving question for each query. A standalone service (role standalone) has no
/// link: it stays in `standalone`, answers everyone and only reports lease events. Entry points
/// lock one mutex, so callouts may come from Kea's packet threads; peer I/O runs on Kea's main loop
/// through the FdWatcher. The partner's lease changes are stored on the main loop outside that
/// mutex, so a packet thread's callout never waits for the lease store.
class HaService {
  public:
    using TimePoint = maas::Clock::TimePoint;

    /// `clock`: every timer of the service reads it (the steady clock in the product; tests
    /// move a manual one). The witness's contact times are on the same clock.
    HaService(HookParameters params, Bytes secret, LeaseStore& store, FdWatcher& watcher,
              std::shared_ptr<LogSink> sink, const maas::Clock& clock);
    ~HaService();

    /// Opens the peer link and the tick timer (not in load(): `kea-dhcp4 -t` runs that).
    void start();

    /// A client query is about to be handled (pkt4_receive): changes held back for queued
    /// queries leave now if no further query is waiting.
    void onQueryReceived();
    bool shouldAnswer(const QueryFacts& query);
    bool mayAllocate(uint32_t address, bool renewal);
    uint32_t grantedLifetime(uint32_t requested);
    HaState state();

    /// Local lease changes of one query. Returns true when the reply was parked (the caller
    /// must then leave it to `reply`), false when the caller answers now.
    bool onLocalChanges(std::vector<std::pair<LeaseRecord, const char*>> changes, bool parkable,
                        ParkedReply reply);

    HaStatus status();
    /// Called about once a second on the main loop with a fresh snapshot (Kea statistics).
    void setStatsPublisher(std::function<void(const HaStatus&)> publish);
    /// Control commands; each returns the text for the answer.
    std::string partnerDown();
    /// The witness (the region, through rackd) says the partner is dead; the whole pool is ours
    /// once fenceWaitMs has passed (the partner's witness lease may still run until then).
    std::string witnessPartnerDown(int64_t fenceWaitMs);
    /// rackd: a region acknowledged a request we sent at contactMs (CLOCK_MONOTONIC, ms).
    std::string witnessContact(int64_t contactMs);
    std::string resync();

  private:
    struct Parked {
        uint64_t first_seq;
        uint64_t last_seq;
        TimePoint since;
        ParkedReply reply;
    };
    /// A LeaseBatch sent and not acknowledged yet; its records go back to the backlog if the
    /// link is lost before the Ack.
    struct InFlight {
        uint64_t first_seq;
        std::vector<LeaseRecord> leases;
    };
    /// A parked reply to send or drop once the lock is released.
    struct Deferred {
        ParkedReply reply;
        bool send;
    };
    /// A partner's batch received, to be stored and acknowledged (on the link it came by).
    struct ReceivedBatch {
        LeaseBatch batch;
        uint64_t link;
    };

    void tick();
    /// `pullMayResume`: a pull this event starts continues one a lost link left unfinished.
    void handle(HaEvent event, bool pullMayResume = false);
    void onLinkUp();
    void onLinkDown(const std::string& reason, bool partnerCrashed);
    void onMessage(const PeerMessage& message);
    void onHeartbeat(const Heartbeat& heartbeat);
    void onLeaseBatch(const LeaseBatch& batch);
    /// Stores the batches received (the caller holds no lock), then acknowledges them.
    void storeReceived();
    /// The same under the lock, before a sync message: pages and batches stay in order.
    void storeReceivedLocked();
    std::vector<std::string> storeBatch(const LeaseBatch& batch);
    void acknowledge(const ReceivedBatch& received, const std::vector<std::string>& errors);
    void onAck(const Ack& ack);
    void onSyncRequest(const SyncRequest& request);
    void onSyncPage(const SyncPage& page);
    bool partnerServedAlone() const;
    /// Our leases in a page's range; `expected`: how many the partner's page holds.
    std::vector<LeaseRecord> localLeasesIn(const SyncPageRange& range, size_t expected);
    bool applySyncPlan(const SyncPlan& plan);
    void stage(LeaseRecord lease);
    void flushStaged(bool ignoreWindow = false);
    void flushStagedIfDue();  ///< flushStaged when the coalescing rule says so
    void armFlushTimer(int64_t us);
    void replayBacklog();
    void sendHeartbeat();
    void checkPartnerAlive(int64_t now);
    /// Drives the sync lifecycle table and performs its actions.
    void syncEvent(SyncEvent event);
    /// `resume`: continue after the cursor if its epoch and authority allow (SyncCursor).
    void beginPull(bool resume);
    uint64_t syncEpoch() const { return sync_epoch_base_ + backlog_.losses(); }
    void requestPage(bool from_start, uint32_t after);
    void servePage(const SyncRequest& request);
    void servePendingPage();  ///< the page held back for queued queries, once they ran
    void enqueueBacklog(const LeaseRecord& lease);
    void runDeferred();
    int64_t nowMs() const;
    FenceFacts fenceFacts(int64_t now) const;
    void noteTakeover(HaState before, HaEvent event);
    bool linkUp() const;  ///< false when standalone (no link at all)
    class GuardedWatcher;
    int effectiveSplit() const;

    HookParameters params_;
    const maas::Clock& clock_;
    LeaseStore& store_;
    FdWatcher& watcher_;
    Logger log_;
    LeaseEvents events_;
    std::unique_ptr<GuardedWatcher> guarded_;
    std::unique_ptr<PeerLink> link_;  ///< null when standalone
    UniqueFd timer_;
    UniqueFd flush_timer_;  ///< one-shot: staged changes held back under load
    bool flush_timer_armed_ = false;
    UpdateBacklog backlog_;
    FailureDetector detector_;

    std::recursive_mutex mutex_;
    HaState state_ = HaState::Startup;
    std::optional<HaState> partner_state_;
    int64_t state_since_ms_ = 0;
    int64_t auto_partner_down_at_ms_ = 0;
    int64_t last_received_ms_ = -1;
    int64_t last_heartbeat_sent_ms_ = 0;
    int64_t clock_skew_ms_ = 0;
    bool skew_reported_ = false;
    SyncPhase sync_phase_ = SyncPhase::Idle;  ///< the pull's lifecycle (sync_lifecycle.h)
    bool sync_from_start_ = true;             ///< the outstanding SyncRequest
    uint32_t sync_after_ = 0;
    bool sync_authoritative_ = false;  ///< the partner served alone: its lease set wins
    uint64_t sync_removed_ = 0;
    uint32_t sync_pages_in_flight_ = 0;  ///< SyncRequests sent on this link, not answered yet
    uint32_t sync_stale_pages_ = 0;      ///< of those, answers to an abandoned pull
    SyncCursor sync_cursor_;             ///< kept across a lost link
    uint64_t sync_epoch_base_ = 0;       ///< random per service: a restarted server has another
    PageSizer serve_sizer_;              ///< pages we serve: reading and sending one
    PageSizer pull_sizer_;               ///< pages we pull: merging one
    std::optional<SyncRequest> pending_page_;  ///< asked for while queries were queued
    TimePoint pending_page_since_{};

    uint64_t next_seq_ = 1;
    std::vector<LeaseRecord> staged_;
    uint64_t staged_first_seq_ = 1;
    TimePoint staged_since_{};  ///< when the oldest staged change was staged
    TimePoint last_frame_sent_{};
    ChangeRate change_rate_;
    CoalesceLimits coalesce_;  ///< from the batch-hold parameter
    std::deque<InFlight> in_flight_frames_;
    std::deque<Parked> parked_;
    std::deque<ReceivedBatch> received_;  ///< the partner's, not stored yet
    uint64_t link_generation_ = 0;        ///< counts link ups and downs
    std::vector<Deferred> deferred_;      ///< unpark/drop outside the lock
    HaCounters counters_;
    std::function<void(const HaStatus&)> publish_;
    int64_t witness_contact_ms_ = -1;
    TakeoverOrigin takeover_origin_ = TakeoverOrigin::None;
    TakeoverOrigin command_origin_ = TakeoverOrigin::Operator;  ///< of the command being run
    int64_t takeover_at_ms_ = 0;
    bool holds_partner_leases_ = false;  ///< reached normal since the last startup
    int64_t last_failover_ms_ = -1;
    std::string last_failover_reason_;
    int64_t last_publish_ms_ = 0;
};

}  // namespace maas::hooks
