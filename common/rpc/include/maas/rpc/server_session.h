#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "maas/common/secret.h"
#include "maas/rpc/handshake_table.h"
#include "maas/rpc/message.h"

namespace maas::rpc {

/// What the I/O layer must do after one input: send these messages, then maybe close, and
/// hand `message` to the command handler (Dispatch) or to a pending caller (Deliver).
struct ServerOutput {
    ServerAction action = ServerAction::Ignore;
    std::vector<RpcMessage> send;
    bool close = false;
    std::optional<RpcMessage> message;
    std::string detail;  ///< why, for the log line (never contains secret material)
};

/// The region's side of one connection, without I/O: decodes payloads, classifies them into
/// handshake events, steps the table and says what to send. Secret comes in by constructor.
class ServerSession {
  public:
    using RandomSource = std::function<Bytes(size_t)>;

    ServerSession(Bytes secret, std::string version, RandomSource random = randomBytes);

    ServerOutput onPayload(std::string_view payload);
    /// A frame-level failure (oversize, empty) before any payload could be decoded.
    ServerOutput onMalformed(const std::string& problem);
    ServerOutput onTimeout();

    ServerState state() const { return state_; }
    bool verified() const { return state_ == ServerState::Verified; }
    /// What the rack said in its Hello (valid once past AwaitHello).
    int peerProtocol() const { return peer_protocol_; }
    const std::string& peerVersion() const { return peer_version_; }

  private:
    ServerOutput apply(ServerEvent event, std::optional<RpcMessage> message, std::string detail);

    Bytes secret_;
    std::string version_;
    RandomSource random_;
    ServerState state_ = ServerState::AwaitHello;
    Bytes our_challenge_;
    Bytes rack_challenge_;
    int peer_protocol_ = 0;
    std::string peer_version_;
};

}  // namespace maas::rpc
