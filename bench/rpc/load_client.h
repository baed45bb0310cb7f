#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "maas/common/secret.h"
#include "maas/common/tls_psk.h"
#include "maas/common/unique_fd.h"
#include "maas/rpc/client_session.h"
#include "maas/rpc/frame.h"

namespace maas::bench {

struct Target {
    std::string host;
    uint16_t port;
};

/// N simulated racks, each with one connection per region worker, driven by one epoll loop:
/// handshake, RegisterRackController, then a heartbeat per connection per interval.
/// Lost connections are retried every retry interval.
class LoadClient {
  public:
    /// tls: every connection opens the RPC's TLS 1.3 PSK session first (as rackd does);
    /// false only against a cleartext baseline region.
    LoadClient(size_t racks, std::vector<Target> targets, Bytes secret, bool tls = true);
    ~LoadClient();

    /// Runs the loop until every connection is registered or the deadline passes; returns
    /// whether all registered.
    bool runUntilAllRegistered(std::chrono::milliseconds deadline);
    /// Keeps heartbeating for this long; returns heartbeats answered.
    uint64_t heartbeatFor(std::chrono::milliseconds duration);
    size_t registered() const { return registered_; }
    size_t connections() const { return conns_.size(); }
    /// Error replies the region sent (a refused registration is retried on a new connection).
    uint64_t errorReplies() const { return error_replies_; }

  private:
    struct Conn;
    void step(std::chrono::milliseconds budget, bool heartbeat);
    void startConnect(Conn& c);
    void onReadable(Conn& c);
    void flush(Conn& c);
    void drop(Conn& c);
    void send(Conn& c, const maas::rpc::RpcMessage& m);
    void connected(Conn& c);
    /// Drives the TLS handshake; true once the RPC handshake may start.
    bool advanceTls(Conn& c);
    void watch(Conn& c, bool want_write);

    std::vector<std::unique_ptr<Conn>> conns_;
    std::vector<Target> targets_;
    Bytes secret_;
    std::shared_ptr<maas::tls::PskContext> tls_;  ///< null: cleartext baseline
    UniqueFd epoll_;
    size_t registered_ = 0;
    uint64_t answered_heartbeats_ = 0;
    uint64_t error_replies_ = 0;
};

}  // namespace maas::bench
