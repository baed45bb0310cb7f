#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "maas/common/clock.h"
#include "maas/common/secret.h"
#include "maas/common/tls_psk.h"
#include "maas/rack/endpoint.h"
#include "maas/rack/link_channel.h"
#include "maas/rack/link_traffic.h"
#include "maas/rack/rack_state.h"
#include "maas/rpc/client_session.h"
#include "maas/rpc/commands.h"
#include "maas/rpc/socket_io.h"

namespace maas::rack {

/// Why a link is down; decides the backoff and what operators are told.
enum class LinkFailure {
    Unreachable,   ///< connect refused or timed out, handshake timed out
    Lost,          ///< an established connection broke or went silent
    AuthFailed,    ///< one side failed to prove the shared secret
    Incompatible,  ///< protocol versions differ
    WrongMaas,     ///< the region serves another MAAS than the one this rack belongs to
    Refused,       ///< any other refusal (bad registration, unauthenticated)
    Stopped,       ///< the region told us to stop (rack deleted), or we are shutting down
};
const char* name(LinkFailure failure);
/// True for failures that retrying soon cannot fix.
bool isRefusal(LinkFailure failure);

/// Told about every link's state changes; called from link threads.
class LinkObserver {
  public:
    virtual ~LinkObserver() = default;
    virtual void linkUp(const Endpoint& endpoint, const maas::rpc::RegisterResult& result) = 0;
    virtual void linkDown(const Endpoint& endpoint, LinkFailure failure,
                          const std::string& detail) = 0;
    virtual void stopRequested(const Endpoint& endpoint, const std::string& reason) = 0;
    /// The region says its set of workers changed: rediscover now.
    virtual void regionsChanged() {}
};

struct LinkSettings {
    Bytes secret;
    std::string version;
    std::chrono::milliseconds heartbeat_interval{1000};
    std::chrono::milliseconds io_timeout{3000};
    /// No frame from the region for this long and the connection is treated as dead. Longer
    /// than the region's 3 s liveness window on purpose: a worker stalled on its database pool
    /// must not make every rack reconnect (a closed socket is noticed at once anyway).
    std::chrono::milliseconds dead_after{10000};
    /// Extra requests (DHCP) sent between heartbeats; null for none.
    LinkTraffic* traffic = nullptr;
    /// Region requests beyond StopRack (power commands); none: unknown-command.
    std::shared_ptr<RegionRequestHandler> handler;
    /// A region answered a heartbeat sent at this time (the DHCP HA witness lease).
    std::function<void(std::chrono::steady_clock::time_point)> heartbeat_acked;
};

/// One region worker: connect, authenticate both ways, register, heartbeat, reconnect with
/// backoff. Runs on its own thread until stop(). Each connection attempt walks the phases
/// Connecting -> Handshaking -> Registering -> Serving by a state table (region_link.cpp);
/// every deadline, heartbeat and backoff is measured on the injected clock.
class RegionLink {
  public:
    using ArgsSource = std::function<maas::rpc::RegisterArgs()>;
    using Random = std::function<double()>;

    RegionLink(Endpoint endpoint, LinkSettings settings, RackIdentity& identity, ArgsSource args,
               LinkObserver& observer, Random random, maas::Clock& clock = maas::steadyClock());
    ~RegionLink();
    RegionLink(const RegionLink&) = delete;
    RegionLink& operator=(const RegionLink&) = delete;

    void start();
    /// Asks the thread to finish; join happens in the destructor or join().
    void requestStop();
    void join();
    const Endpoint& endpoint() const { return endpoint_; }
    /// Sends on the current connection from any thread (attached while registered).
    const std::shared_ptr<LinkChannel>& channel() const { return channel_; }

    /// The phases of one connection attempt, and what a phase's step reports.
    enum class Phase { Connecting, Handshaking, Registering, Serving, Finished };
    enum class Step { Advance, Stay, Finish };
    /// The state table: where an attempt goes after `phase` reported `step`.
    static Phase nextPhase(Phase phase, Step step);

  private:
    struct Outcome {
        LinkFailure failure;
        std::string detail;
        bool was_up = false;
    };
    struct Attempt;  ///< what one connection attempt owns (region_link_attempt.h)
    void run();
    Outcome connectOnce();
    Step step(Phase phase, Attempt& attempt);
    Step connect(Attempt& attempt);
    Step handshake(Attempt& attempt);
    Step registerRack(Attempt& attempt);
    /// Waits for the answer to registration request `id`; nullopt after io_timeout or a stop.
    std::optional<maas::rpc::RpcMessage> awaitReply(Attempt& attempt, uint64_t id);
    Step acceptRegistration(Attempt& attempt, const maas::rpc::RpcMessage& reply);
    void goLive(Attempt& attempt);
    Step serve(Attempt& attempt);
    Step onPayload(Attempt& attempt, const std::string& payload);
    Step dispatch(Attempt& attempt, const maas::rpc::RpcMessage& request);
    void sendTraffic(maas::rpc::ClientSession& session, const std::string& system_id,
                     std::map<uint64_t, std::string>& outstanding);
    /// True when the message answered an extra request or a heartbeat successfully.
    bool routeReply(const maas::rpc::RpcMessage& message,
                    std::map<uint64_t, std::string>& outstanding);
    bool waitFor(std::chrono::milliseconds delay);

    Endpoint endpoint_;
    LinkSettings settings_;
    RackIdentity& identity_;
    ArgsSource args_;
    LinkObserver& observer_;
    Random random_;
    maas::Clock& clock_;
    std::shared_ptr<LinkChannel> channel_ = std::make_shared<LinkChannel>();
    std::shared_ptr<maas::tls::PskContext> tls_;  ///< keyed by the secret, built once
    /// Send times of unanswered heartbeats (link thread only).
    std::map<uint64_t, std::chrono::steady_clock::time_point> heartbeat_sent_;
    std::thread thread_;
    std::atomic<bool> stopping_{false};
    std::mutex mutex_;
    std::condition_variable wake_;
};

}  // namespace maas::rack
