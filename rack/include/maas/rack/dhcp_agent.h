#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "maas/common/log.h"
#include "maas/rack/dhcp_applier.h"
#include "maas/rack/lease_spool.h"
#include "maas/rack/link_traffic.h"

namespace maas::rack {

inline constexpr MessageId kRackDhcpApplied{"RACK_DHCP_APPLIED", Severity::Info,
                                            "A DHCP configuration from the region was applied."};
inline constexpr MessageId kRackDhcpReceived{
    "RACK_DHCP_RECEIVED", Severity::Info,
    "A DHCP configuration arrived from a region (it is validated and applied next)."};
inline constexpr MessageId kRackDhcpRefused{
    "RACK_DHCP_REFUSED", Severity::Error,
    "kea-dhcp4 refused the region's configuration or could not be driven; the last good "
    "configuration keeps serving."};
inline constexpr MessageId kRackDhcpFetchFailed{"RACK_DHCP_FETCH_FAILED", Severity::Warn,
                                                "A region could not give the DHCP configuration."};
inline constexpr MessageId kRackLeaseEventsRefused{
    "RACK_LEASE_EVENTS_REFUSED", Severity::Warn,
    "A region refused a batch of lease events as malformed or unknown; it is not sent again."};

/// The rack's DHCP side of the region links: pulls the configuration on every (re)connect and
/// whenever a heartbeat reply carries a newer generation, applies it on its own thread (so
/// `kea-dhcp4 -t` never delays heartbeats), reports the dhcpd state, and forwards lease events
/// from the spool, one sequenced batch at a time, trimming the spool only after a region's
/// acknowledgement (so a region or database outage, or a rackd restart, loses none).
class DhcpAgent final : public LinkTraffic {
  public:
    struct Paths {
        std::string data_dir;
        std::string lease_cmds_library;
        std::string ha_hook_library;
        std::string secret_file;
        std::string event_socket;
    };

    /// retry_delay: after a region failed to give the configuration, wait this long to ask again.
    /// spool: opened by the caller; lease events wait there for a region.
    DhcpAgent(Paths paths, DhcpApplier& applier, LeaseSpool& spool, const Logger& logger,
              std::chrono::milliseconds retry_delay = std::chrono::seconds(2));
    ~DhcpAgent() override;

    /// Starts the applier thread, first serving the last good configuration.
    void start();
    void stop();

    void linkRegistered(const Endpoint& endpoint) override;
    void heartbeatReply(const Endpoint& endpoint, const Poco::JSON::Object& result) override;
    std::optional<OutgoingRequest> nextRequest(const Endpoint& endpoint,
                                               const std::string& system_id) override;
    void reply(const Endpoint& endpoint, const std::string& command,
               const maas::rpc::RpcMessage& message) override;
    void linkLost(const Endpoint& endpoint) override;

    static constexpr size_t kEventsPerRequest = 200;

  private:
    void run();
    void report(const DhcpServiceState& state);
    void leaseEventsAnswered(const maas::rpc::RpcMessage& message,
                             std::unique_lock<std::mutex>& lock);

    Paths paths_;
    DhcpApplier& applier_;
    const Logger& logger_;

    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    int64_t seen_generation_ = 0;  ///< newest generation a heartbeat carried
    /// When a heartbeat reply last came, per region endpoint: a longer silence may have made the
    /// region count this rack dead and mark its dhcpd unknown, so the state is sent again.
    std::map<Endpoint, std::chrono::steady_clock::time_point> last_reply_;
    int64_t fetched_generation_ = -1;  ///< generation of the last configuration received
    bool refetch_ = true;              ///< a link (re)connected: ask again
    std::chrono::milliseconds retry_delay_;
    std::chrono::steady_clock::time_point retry_after_{};
    std::optional<Endpoint> config_in_flight_;
    std::chrono::steady_clock::time_point config_sent_{};
    std::optional<maas::rpc::DhcpConfigResult> to_apply_;
    std::optional<DhcpServiceState> last_state_;  ///< re-sent on every (re)connect
    std::optional<DhcpServiceState> status_to_send_;
    std::optional<Endpoint> status_in_flight_;
    std::optional<DhcpServiceState> status_sending_;
    LeaseSpool& spool_;
    std::optional<Endpoint> events_in_flight_;
    uint64_t events_sending_last_ = 0;  ///< last sequence of the batch in flight
    std::chrono::steady_clock::time_point events_retry_after_{};
    std::thread thread_;
};

}  // namespace maas::rack
