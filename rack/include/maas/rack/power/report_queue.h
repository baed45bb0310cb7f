#pragma once

#include <chrono>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "maas/common/clock.h"
#include "maas/common/log.h"
#include "maas/rack/link_traffic.h"
#include "maas/rpc/power_commands.h"

namespace maas::rack::power {

inline constexpr MessageId kPowerReportsDropped{
    "RACK_POWER_REPORTS_DROPPED", Severity::Warn,
    "Power state changes waited for a region beyond the report queue's bound; the oldest were "
    "given up (the next poll of those BMCs reports them again)."};
inline constexpr MessageId kPowerReportRefused{
    "RACK_POWER_REPORT_REFUSED", Severity::Warn,
    "A region refused a power state report as malformed; it is not sent again."};

/// Power state changes on their way to the region: a change leaves the queue only once a
/// region answered the report carrying it. One report in flight at a time, in order; a report
/// a region could not store (internal-error, its database down) or whose link was lost is sent
/// again, the same report with the same sequence number, after a backoff (250 ms doubling to
/// 8 s), so the region applies each one once. Bounded: past kMaxQueued waiting changes the
/// oldest are given up, counted and logged (at most every 10 s).
class PowerReportQueue final : public LinkTraffic {
  public:
    static constexpr size_t kMaxQueued = 20000;
    static constexpr std::chrono::milliseconds kFirstRetry{250};
    static constexpr std::chrono::milliseconds kMaxRetry{8000};

    struct Stats {
        size_t queued = 0;  ///< waiting, the report in flight included
        uint64_t acknowledged = 0;
        uint64_t dropped = 0;
        uint64_t retries = 0;
    };

    /// queue_id: 1-64 of [0-9a-f], new for each rackd start (randomQueueId()).
    PowerReportQueue(std::string queue_id, const Logger& logger,
                     maas::Clock& clock = maas::steadyClock(), size_t max_queued = kMaxQueued);

    /// Queues the changes for the region; always accepted (the bound gives up the oldest).
    bool push(const std::vector<maas::rpc::PowerStateChange>& changes);
    Stats stats() const;

    void linkRegistered(const Endpoint&) override {}
    void heartbeatReply(const Endpoint&, const Poco::JSON::Object&) override {}
    std::optional<OutgoingRequest> nextRequest(const Endpoint& endpoint,
                                               const std::string& system_id) override;
    void reply(const Endpoint& endpoint, const std::string& command,
               const maas::rpc::RpcMessage& message) override;
    void linkLost(const Endpoint& endpoint) override;

  private:
    void retryLater();

    std::string queue_id_;
    const Logger& logger_;
    maas::Clock& clock_;
    size_t max_queued_;

    mutable std::mutex mutex_;
    std::deque<maas::rpc::PowerStateChange> waiting_;  ///< oldest first, after the report
    /// The report being sent: fixed until a region answers it, so a resend is the same report.
    std::optional<maas::rpc::PowerStateReport> report_;
    std::optional<Endpoint> in_flight_;
    int64_t next_seq_ = 1;
    std::chrono::milliseconds backoff_{0};
    maas::Clock::TimePoint retry_at_{};
    maas::Clock::TimePoint last_drop_log_{};
    Stats stats_;
};

/// A fresh random report queue id (hex).
std::string randomQueueId();

}  // namespace maas::rack::power
