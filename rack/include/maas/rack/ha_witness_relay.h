#pragma once

#include <Poco/JSON/Object.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "maas/common/log.h"
#include "maas/common/periodic_thread.h"
#include "maas/rack/link_channel.h"
#include "maas/rpc/dhcp_ha_commands.h"

namespace maas::rack {

inline constexpr MessageId kRackHaTakeover{
    "RACK_DHCP_HA_TAKEOVER", Severity::Warn,
    "The region (the witness) says this rack's DHCP partner is dead; passed to kea-dhcp4."};
inline constexpr MessageId kRackHaRelayFailed{
    "RACK_DHCP_HA_RELAY_FAILED", Severity::Warn,
    "A witness relay round (contact time to the hook, status to the region) failed; retried "
    "next round."};

/// kea-dhcp4's control socket: one JSON command, its answer. Interface for tests.
class KeaCommands {
  public:
    virtual ~KeaCommands() = default;
    /// The parsed answer, or nullopt when Kea is not running or did not answer in time.
    virtual std::optional<Poco::JSON::Object::Ptr> send(const std::string& json) = 0;
};

/// The unix stream socket kea-dhcp4 listens on (`control-socket` in its configuration).
class KeaControlSocket final : public KeaCommands {
  public:
    explicit KeaControlSocket(std::string path,
                              std::chrono::milliseconds timeout = std::chrono::seconds(2))
        : path_(std::move(path)), timeout_(timeout) {}
    std::optional<Poco::JSON::Object::Ptr> send(const std::string& json) override;

  private:
    std::string path_;
    std::chrono::milliseconds timeout_;
};

/// The rack's part of the DHCP HA witness. Once a second it tells the hook when a region last
/// acknowledged one of our heartbeats (the witness lease, `maas-ha-witness`) and reports the
/// hook's status to the region (`DHCPHAStatus`). It answers the region's `DHCPPartnerDown` by
/// passing the order to the hook; other region requests go to `next`.
/// Beside the status file, the hook's `lease-events` counters as `maas-ha-status` gives them.
inline constexpr const char* kLeaseEventsStatusFile = "dhcp-lease-events.json";

class HaWitnessRelay final : public RegionRequestHandler {
  public:
    using Clock = std::chrono::steady_clock;
    using Report = std::function<bool(const maas::rpc::DhcpHaStatusArgs&)>;
    using SystemId = std::function<std::string()>;

    /// status_file: where each round's status is written for `maas status` (empty: nowhere).
    HaWitnessRelay(KeaCommands& kea, Report report, SystemId system_id,
                   std::shared_ptr<RegionRequestHandler> next, const Logger& logger,
                   std::filesystem::path status_file = {},
                   std::chrono::milliseconds period = std::chrono::seconds(1));
    ~HaWitnessRelay() override;

    void start();
    void stop();
    /// A region answered a heartbeat sent at `sent` (any link, any thread).
    void heartbeatAcked(Clock::time_point sent);

    bool handles(const std::string& command) const override;
    void handle(const maas::rpc::RpcMessage& request, Reply reply) override;

    /// One round (the thread calls it every period; tests call it directly).
    void runOnce();

  private:
    struct Order {
        uint64_t id;
        int64_t fence_wait_ms;
        Reply reply;
    };
    void carryOut(Order& order);
    /// The hook's lease-event counters (any role) beside status_file, for `maas status`.
    void writeLeaseEvents(const Poco::JSON::Object& answer) const;

    KeaCommands& kea_;
    Report report_;
    SystemId system_id_;
    std::shared_ptr<RegionRequestHandler> next_;
    const Logger& logger_;
    std::filesystem::path status_file_;
    std::atomic<int64_t> contact_ms_{-1};  ///< CLOCK_MONOTONIC ms of the newest acked send

    std::mutex mutex_;
    std::deque<Order> orders_;
    PeriodicThread thread_;
};

/// The status report from the hook's `maas-ha-status` answer; nullopt when the answer is not a
/// pair member's status (standalone, an error, Kea without the hook).
std::optional<maas::rpc::DhcpHaStatusArgs> haStatusFromHook(const Poco::JSON::Object& answer);

}  // namespace maas::rack
