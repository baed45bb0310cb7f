#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "maas/common/log.h"
#include "maas/common/secret.h"
#include "maas/common/tls_psk.h"
#include "maas/common/unique_fd.h"
#include "maas/region/rpc/dhcp_source.h"
#include "maas/region/rpc/pending_calls.h"
#include "maas/region/rpc/rack_directory.h"
#include "maas/rpc/frame.h"
#include "maas/rpc/message.h"

struct epoll_event;

namespace maas::region::rpc {

inline constexpr MessageId kRpcListening{"RPC_LISTENING", Severity::Info,
                                         "The worker accepts rack connections on this endpoint."};
inline constexpr MessageId kRpcAuthFailed{
    "RPC_AUTH_FAILED", Severity::Warn,
    "A rack failed to prove the shared secret; its connection was dropped."};
inline constexpr MessageId kRpcRefused{
    "RPC_REFUSED", Severity::Warn,
    "A peer sent a command before authenticating, timed out, or spoke another protocol."};
inline constexpr MessageId kRpcBadFrame{"RPC_BAD_FRAME", Severity::Warn,
                                        "A peer sent an oversize or malformed frame; dropped."};
inline constexpr MessageId kRpcRackConnected{"RPC_RACK_CONNECTED", Severity::Info,
                                             "A rack registered on this connection."};
inline constexpr MessageId kRpcRackRefused{"RPC_RACK_REFUSED", Severity::Warn,
                                           "A rack's registration was refused."};
inline constexpr MessageId kRpcLivenessFailed{"RPC_LIVENESS_FAILED", Severity::Warn,
                                              "Refreshing the racks' rackd service rows failed."};
inline constexpr MessageId kRpcRackDeleted{"RPC_RACK_DELETED", Severity::Info,
                                           "A deleted rack heartbeated; it was told to stop."};
inline constexpr MessageId kRpcHandlerFailed{
    "RPC_HANDLER_FAILED", Severity::Error,
    "Handling a rack message failed unexpectedly; the rack got an internal error and the "
    "worker goes on."};
inline constexpr MessageId kRpcPeerLimit{
    "RPC_PEER_LIMIT", Severity::Warn,
    "An unauthenticated connection was refused (too many from its address) or dropped for a "
    "newer one (too many in total)."};
inline constexpr MessageId kRpcAcceptPaused{
    "RPC_ACCEPT_PAUSED", Severity::Warn,
    "The worker ran out of file descriptors; accepting pauses briefly instead of spinning."};
inline constexpr MessageId kRpcRackDisconnected{"RPC_RACK_DISCONNECTED", Severity::Info,
                                                "A registered rack's connection closed."};

struct RpcServerOptions {
    std::string address = "0.0.0.0";
    uint16_t port = 0;    ///< 0 picks a free port (tests)
    Bytes secret;         ///< the shared secret's bytes
    std::string version;  ///< this region's software version
    uint32_t max_frame = maas::rpc::kMaxFrameBytes;
    std::chrono::milliseconds handshake_timeout{5000};
    /// A verified connection silent this long is dropped (racks heartbeat every second).
    std::chrono::milliseconds idle_timeout{10000};
    /// Authenticated connections (racks); unauthenticated sockets never take these slots.
    size_t max_connections = 4096;
    /// Calls waiting on a connection silent this long fail with connection-lost (racks
    /// heartbeat every second; the region counts a rack dead after 3 s), so a command to a
    /// crashed rack moves on to the next one without waiting for its own timeout.
    std::chrono::milliseconds call_silence_limit{3000};
    /// Before the handshake: the largest frame (a Hello or proof is well under 1 KiB), the
    /// sockets open at once (beyond it the oldest is dropped for the newcomer), and the
    /// sockets open at once from one source address (beyond it newcomers are refused).
    uint32_t max_preauth_frame = 4096;
    size_t max_unauthenticated = 1024;
    size_t max_unauthenticated_per_source = 256;
    /// accept() failing for want of descriptors (EMFILE, ENFILE) pauses accepting this long.
    std::chrono::milliseconds accept_backoff{250};
    /// Every connection is TLS 1.3 keyed by the secret. Cleartext exists only so the RPC
    /// benchmark can measure TLS against a baseline in one run; no configuration file reaches it.
    bool cleartext_baseline = false;
};

/// The rack RPC listener of one region worker: one thread, epoll, non-blocking sockets.
/// Never trusts a byte before the handshake; every bad input closes only its own connection.
class RpcServer {
  public:
    RpcServer(RpcServerOptions options, RackDirectory& directory, Logger& logger);
    ~RpcServer();
    RpcServer(const RpcServer&) = delete;
    RpcServer& operator=(const RpcServer&) = delete;

    /// Binds and starts the thread; throws std::runtime_error naming the endpoint on failure.
    void start();
    void stop();
    uint16_t port() const { return port_; }
    std::string endpoint() const;

    /// Serves the DHCP commands from this source (call before start()).
    void setDhcpSource(DhcpSource* dhcp) { dhcp_ = dhcp; }

    /// Asks every connection of this rack to stop (the rack was deleted). Thread-safe.
    void stopRack(const std::string& system_id, const std::string& reason);

    /// Tells every registered rack on this worker that the DHCP generation moved, so each asks
    /// for its configuration now instead of at its next heartbeat. Thread-safe; announcements
    /// not yet sent collapse into the newest.
    void announceDhcpGeneration(int64_t generation);
    /// Tells every registered rack on this worker to run discovery now (RegionsChanged): a
    /// region was deleted and its endpoints are gone. Thread-safe; collapses like the above.
    void announceRegionsChanged();

    /// Sends a request to one connection of this rack and returns its answer: the rack's reply
    /// or error, or a local error not-connected / connection-lost / timeout. Thread-safe.
    std::future<maas::rpc::RpcMessage> call(const std::string& system_id,
                                            const std::string& command,
                                            Poco::JSON::Object::Ptr args,
                                            std::chrono::milliseconds timeout);

    /// Answers rack requests beyond registration and heartbeats (from registered racks only);
    /// nullopt passes the request on. Runs on the server thread; set before start().
    using RequestHandler = std::function<std::optional<maas::rpc::RpcMessage>(
        const maas::rpc::RpcMessage& request, const std::string& system_id)>;
    void setRequestHandler(RequestHandler handler) { request_handler_ = std::move(handler); }

    size_t connectionCount() const { return connection_count_.load(); }
    size_t verifiedCount() const { return verified_count_.load(); }

  private:
    struct Connection;

    void run();
    void acceptAll();
    void onReadable(Connection& c);
    void onWritable(Connection& c);
    void handlePayload(Connection& c, const std::string& payload);
    void queue(Connection& c, const std::string& bytes);
    void closeConnection(uint64_t id);
    void checkTimers();
    /// Flushes then closes the connection after the current batch of events.
    void markClosing(Connection& c);
    void closeMarked();
    void drainRequests();
    void updateInterest(Connection& c);
    bool admitUnauthenticated(const std::string& address);
    void releaseUnauthenticated(Connection& c);
    void pauseAccepting();
    void dispatchRackCommand(Connection& c, const maas::rpc::RpcMessage& request);
    void handleEvent(const epoll_event& event);
    /// Drives the TLS handshake; false when the connection was closed.
    bool advanceHandshake(Connection& c);
    /// > 0 bytes, 0 when the peer closed or failed, -1 when it would block.
    ssize_t readSome(Connection& c, char* buffer, size_t size);
    ssize_t writeSome(Connection& c, const char* data, size_t size);

    RpcServerOptions options_;
    RackDirectory& directory_;
    DhcpSource* dhcp_ = nullptr;
    Logger& logger_;
    UniqueFd listen_fd_;
    UniqueFd epoll_fd_;
    UniqueFd wake_fd_;
    std::shared_ptr<maas::tls::PskContext> tls_context_;
    uint16_t port_ = 0;
    std::thread thread_;
    std::atomic<bool> running_{false};
    std::map<uint64_t, std::unique_ptr<Connection>> connections_;
    uint64_t next_connection_id_ = 1;
    std::atomic<size_t> connection_count_{0};
    std::atomic<size_t> verified_count_{0};
    std::map<std::string, size_t> unauthenticated_by_source_;  ///< server thread only
    size_t unauthenticated_count_ = 0;
    uint64_t refused_unauthenticated_ = 0;
    std::optional<std::chrono::steady_clock::time_point> accept_paused_until_;
    std::chrono::steady_clock::time_point next_deadline_scan_{};
    std::vector<uint64_t> closing_ids_;  ///< marked closing, closed after the event batch

    struct OutgoingCall {
        std::string system_id;
        std::string command;
        Poco::JSON::Object::Ptr args;
        std::chrono::milliseconds timeout;
        PendingCalls::Promise promise;
    };
    void sendCall(OutgoingCall& call);

    std::mutex requests_mutex_;
    std::vector<std::pair<std::string, std::string>> stop_requests_;  ///< system_id, reason
    std::vector<OutgoingCall> outgoing_calls_;
    std::optional<int64_t> announce_generation_;
    bool announce_regions_ = false;
    PendingCalls pending_;  ///< server thread only
    RequestHandler request_handler_;
};

}  // namespace maas::region::rpc
