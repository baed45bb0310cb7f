#pragma once

#include <array>
#include <cstddef>

namespace maas::rpc {

/// Handshake on the wire (both directions bound to the shared secret, which never travels):
///   rack -> region  request Hello  {protocol, version, challenge}
///   region -> rack  reply          {protocol, version, challenge}
///   rack -> region  request Proof  {digest, salt}        (rack's answer to region's challenge)
///   region -> rack  reply          {digest, salt}        (region's answer to rack's challenge)
/// The region verifies the rack first, so a wrong secret is logged where operators look.

// ---- Region (server) side ----
enum class ServerState { AwaitHello, AwaitProof, Verified, Closed };
inline constexpr size_t kServerStates = 4;

enum class ServerEvent {
    Hello,              ///< well-formed Hello with a compatible protocol
    HelloIncompatible,  ///< Hello with another protocol major
    ProofValid,
    ProofInvalid,  ///< wrong digest, or a malformed Proof
    Command,       ///< any other request
    Answer,        ///< a reply or error from the rack (to a region-initiated request)
    Malformed,     ///< undecodable frame or message
    Timeout,       ///< handshake deadline passed
};
inline constexpr size_t kServerEvents = 8;

enum class ServerAction {
    SendChallenge,          ///< reply to Hello with our challenge
    SendProof,              ///< reply to Proof with ours; the rack is verified
    Dispatch,               ///< hand the request to the command handler
    Deliver,                ///< hand the answer to whoever asked
    RefuseIncompatible,     ///< error naming both protocol versions, then close
    RefuseAuthFailed,       ///< error, close, log naming the peer address
    RefuseUnauthenticated,  ///< error "unauthenticated", then close
    RefuseProtocol,         ///< error for a handshake message after verification; stay open
    CloseBadMessage,        ///< error naming the problem, then close
    CloseTimeout,
    Ignore,
};

struct ServerStep {
    ServerState next;
    ServerAction action;
};

// ---- Rack (client) side ----
enum class ClientState { Idle, AwaitChallenge, AwaitProof, Verified, Closed };
inline constexpr size_t kClientStates = 5;

enum class ClientEvent {
    Connected,
    Challenge,     ///< reply to our Hello, well-formed, compatible protocol
    Incompatible,  ///< reply to our Hello with another protocol major
    ProofValid,    ///< reply to our Proof verifies
    ProofInvalid,  ///< reply to our Proof does not verify (region has another secret)
    Refused,       ///< error reply to a handshake request
    Request,       ///< a request from the region
    Answer,        ///< any other reply or error (to our commands)
    Malformed,
    Timeout,
};
inline constexpr size_t kClientEvents = 10;

enum class ClientAction {
    SendHello,
    SendProof,
    BecomeVerified,
    Dispatch,
    Deliver,
    ReportIncompatible,  ///< close, report both versions
    ReportAuthFailed,    ///< close, the region failed to prove the secret
    ReportRefused,       ///< close, report the region's error
    RefuseUnauthenticated,
    CloseBadMessage,
    CloseTimeout,
    Ignore,
};

struct ClientStep {
    ClientState next;
    ClientAction action;
};

/// The full tables: every (state, event) pair decided on purpose.
ServerStep serverStep(ServerState state, ServerEvent event);
ClientStep clientStep(ClientState state, ClientEvent event);

const char* name(ServerState state);
const char* name(ServerEvent event);
const char* name(ServerAction action);
const char* name(ClientState state);
const char* name(ClientEvent event);
const char* name(ClientAction action);

}  // namespace maas::rpc
