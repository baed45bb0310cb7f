#pragma once

#include <chrono>
#include <deque>
#include <string>

#include "ha_messages.h"
#include "maas/common/clock.h"
#include "maas/common/log.h"
#include "maas/common/unique_fd.h"
#include "maas/hooks/lease_event_line.h"

namespace maas::hooks {

/// Sends one line per lease event to rackd's unix datagram socket and keeps it until rackd
/// acknowledges it (protocol in hooks/README.md, "Lease events for rackd"). Never blocks DHCP.
///
/// Each line carries this instance's random id and a sequence number. rackd answers, on the
/// same socket, `ack hook=ID seq=N` once every line up to N is in its fsync'd spool; until
/// then a line stays here, and lines a rackd restart may have lost are sent again (after a
/// reconnect, or when no acknowledgement came for kAckTimeout). At most kMaxBuffered lines
/// wait, sent or not; past the bound the oldest are dropped, counted, and logged once per
/// stretch. The socket is connected once and autobound, so rackd can answer it; connecting is
/// retried at most once per kReconnectInterval.
class LeaseEvents {
  public:
    static constexpr std::chrono::milliseconds kReconnectInterval{1000};
    /// Unacknowledged lines go out again after this long without an acknowledgement.
    static constexpr std::chrono::milliseconds kAckTimeout{1000};
    /// ~180 bytes a line: ~3 MB at most held for rackd (10 s of ~1000 DORAs/s).
    static constexpr size_t kMaxBuffered = 10000;

    struct Counters {
        size_t buffered = 0;   ///< waiting to be sent
        size_t unacked = 0;    ///< sent, not yet acknowledged
        uint64_t sent = 0;     ///< sends, resends included
        uint64_t acked = 0;    ///< lines rackd acknowledged
        uint64_t resent = 0;   ///< lines sent again
        uint64_t dropped = 0;  ///< given up at the bound
    };

    /// instanceId: 1-32 of [0-9a-f]; a new one for every load of the hook.
    /// clock: when to reconnect and when an acknowledgement is overdue.
    LeaseEvents(std::string socketPath, const Logger& log, std::string instanceId = randomId(),
                const maas::Clock& clock = maas::steadyClock());

    /// action: commit, release, decline, expire; origin: local or partner.
    void report(const char* action, const LeaseRecord& lease, const char* origin);
    /// Sends what waits, in order, as far as rackd's socket takes it.
    void flush();
    /// The service's tick: reads rackd's acknowledgements (never waits), resends what an
    /// acknowledgement is overdue for, then flushes.
    void tick();

    Counters counters() const;
    uint64_t sent() const { return sent_; }
    uint64_t dropped() const { return dropped_; }
    /// Lines held (waiting or unacknowledged).
    size_t buffered() const { return lines_.size(); }
    const std::string& instanceId() const { return instance_; }

    static std::string randomId();

  private:
    enum class Send { Sent, Busy, Gone };
    struct Line {
        uint64_t seq;
        std::string text;
    };
    Send sendLine(const std::string& text);
    bool connectIfDue();
    void keep(maas::LeaseEventLine line);
    /// False when the socket failed (rackd gone).
    bool readAcks();
    void acknowledged(uint64_t through);
    void resendUnacked();

    std::string path_;
    const Logger& log_;
    std::string instance_;
    const maas::Clock& clock_;
    maas::UniqueFd fd_;  ///< connected to path_, or empty
    maas::Clock::TimePoint retry_at_{};
    maas::Clock::TimePoint ack_due_{};  ///< resend unacked lines after this
    std::deque<Line> lines_;  ///< oldest first: [0, next_) sent and unacked, the rest unsent
    size_t next_ = 0;
    uint64_t seq_ = 0;           ///< last sequence number given out
    uint64_t highest_sent_ = 0;  ///< a send at or below it is a resend
    bool full_logged_ = false;   ///< one log line per stretch at the bound
    uint64_t sent_ = 0;
    uint64_t acked_ = 0;
    uint64_t resent_ = 0;
    uint64_t dropped_ = 0;
};

}  // namespace maas::hooks
