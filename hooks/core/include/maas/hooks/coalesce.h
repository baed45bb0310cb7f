#pragma once

#include <cstddef>
#include <cstdint>

namespace maas::hooks {

/// When lease changes staged for the partner leave in a LeaseBatch. Every frame costs a TCP
/// write here and, on the partner, a wake-up, a read and an Ack (on the bench host about a
/// quarter of the partner's CPU at one frame per lease). Three things hold small batches
/// back, all bounded in count and age:
/// - a frame still unacknowledged: its Ack sends what gathered meanwhile (Nagle's rule);
/// - under load (changes arrive faster than one per `busy_gap_us` on average), a frame sent
///   less than `hold_us` ago: changes gather for up to `hold_us`;
/// - further queries queued in Kea: they run before the main loop would block.
/// A quiet server sends at once.
struct CoalesceLimits {
    size_t max_leases = 64;       ///< a full batch leaves even if something holds it back
    int64_t max_delay_us = 4000;  ///< and so does one whose oldest change is this old
    int64_t hold_us = 2000;       ///< gathering time under load
    int64_t busy_gap_us = 1000;   ///< average gap between changes below which the server is loaded
};

/// The limits for a `batch-hold` parameter (ms; 0: no holding under load). A batch may always
/// wait at least 4 ms for queued queries, and twice the hold time.
CoalesceLimits coalesceLimits(uint32_t batch_hold_ms);

/// Average gap between lease changes, weighted 1/8 per change; gaps count at most 100 ms, so
/// a burst after a quiet hour is recognised within a few dozen changes.
class ChangeRate {
  public:
    void onChange(int64_t nowUs);
    int64_t averageGapUs() const { return average_gap_us_; }

  private:
    static constexpr int64_t kMaxGapUs = 100000;
    int64_t last_us_ = -1;
    int64_t average_gap_us_ = kMaxGapUs;
};

struct StagedFacts {
    size_t staged = 0;                ///< changes waiting
    int64_t oldest_age_us = 0;        ///< age of the oldest of them
    size_t frames_in_flight = 0;      ///< frames sent and not acknowledged yet
    int64_t since_last_frame_us = 0;  ///< time since the last frame left
    int64_t average_gap_us = 0;       ///< ChangeRate::average_gap_us
};

enum class StagedAction {
    Wait,                     ///< nothing to send, or an Ack or query to come sends it
    WaitFor,                  ///< send after `wait_us` (the caller arms a timer)
    Send,                     ///< send now
    SendUnlessQueriesQueued,  ///< send now unless Kea has queries queued (the caller polls)
};

struct StagedDecision {
    StagedAction action;
    int64_t wait_us = 0;  ///< for WaitFor
};

/// The queue check is left to the caller since it costs a system call.
StagedDecision stagedAction(const StagedFacts& facts, const CoalesceLimits& limits = {});

}  // namespace maas::hooks
