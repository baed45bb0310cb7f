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

struct ClientOutput {
    ClientAction action = ClientAction::Ignore;
    std::vector<RpcMessage> send;
    bool close = false;
    std::optional<RpcMessage> message;  ///< Dispatch (a region request) or Deliver (an answer)
    std::string detail;                 ///< why, for the log line
    std::string error_code;             ///< the region's error code for ReportRefused
};

/// The rack's side of one connection, without I/O. start() produces the Hello; every payload
/// afterwards goes through onPayload(). Application request ids come from nextId().
class ClientSession {
  public:
    using RandomSource = std::function<Bytes(size_t)>;

    ClientSession(Bytes secret, std::string version, RandomSource random = randomBytes);

    ClientOutput start();
    ClientOutput onPayload(std::string_view payload);
    ClientOutput onMalformed(const std::string& problem);
    ClientOutput onTimeout();

    ClientState state() const { return state_; }
    bool verified() const { return state_ == ClientState::Verified; }
    uint64_t nextId() { return next_id_++; }
    /// The region's software version from its Hello reply.
    const std::string& peerVersion() const { return peer_version_; }

  private:
    ClientOutput apply(ClientEvent event, std::optional<RpcMessage> message, std::string detail);
    ClientEvent classifyHandshakeReply(const RpcMessage& message, std::string& detail);

    Bytes secret_;
    std::string version_;
    RandomSource random_;
    ClientState state_ = ClientState::Idle;
    Bytes our_challenge_;
    Bytes region_challenge_;
    uint64_t next_id_ = 1;
    uint64_t pending_id_ = 0;  ///< id of the outstanding Hello or Proof
    std::string peer_version_;
};

}  // namespace maas::rpc
