#include "maas/rpc/server_session.h"

#include "maas/rpc/auth.h"
#include "maas/rpc/commands.h"

namespace maas::rpc {

ServerSession::ServerSession(Bytes secret, std::string version, RandomSource random)
    : secret_(std::move(secret)), version_(std::move(version)), random_(std::move(random)) {}

ServerOutput ServerSession::onPayload(std::string_view payload) {
    RpcMessage message;
    try {
        message = decodeMessage(payload);
    } catch (const MessageError& e) {
        return apply(ServerEvent::Malformed, std::nullopt, e.what());
    }
    if (message.kind != MessageKind::Request) {
        return apply(ServerEvent::Answer, std::move(message), "");
    }
    if (message.command == command::kHello) {
        try {
            const auto hello = decodeHello(*message.body);
            peer_protocol_ = hello.protocol;
            peer_version_ = hello.version;
            auto challenge = decodeHexField(hello.challenge, kNonceBytes);
            if (!challenge) {
                return apply(ServerEvent::Malformed, std::move(message),
                             "Hello: challenge: must be " + std::to_string(kNonceBytes * 2) +
                                 " hex characters");
            }
            if (state_ == ServerState::AwaitHello) {
                rack_challenge_ = std::move(*challenge);
            }
            if (hello.protocol != kProtocolVersion) {
                return apply(ServerEvent::HelloIncompatible, std::move(message),
                             "rack protocol " + std::to_string(hello.protocol) + " (version " +
                                 hello.version + ") is incompatible with region protocol " +
                                 std::to_string(kProtocolVersion) + " (version " + version_ + ")");
            }
            return apply(ServerEvent::Hello, std::move(message), "");
        } catch (const MessageError& e) {
            return apply(ServerEvent::Malformed, std::move(message), e.what());
        }
    }
    if (message.command == command::kProof) {
        std::string problem;
        bool valid = false;
        try {
            const auto args = decodeProof(*message.body);
            auto digest = decodeHexField(args.digest, kDigestBytes);
            auto salt = decodeHexField(args.salt, kNonceBytes);
            if (digest && salt && state_ == ServerState::AwaitProof) {
                valid = verifyProof(secret_, ProofRole::Rack, our_challenge_,
                                    Proof{std::move(*digest), std::move(*salt)});
            }
            problem = valid ? "" : "the rack's proof does not match the shared secret";
        } catch (const MessageError& e) {
            problem = e.what();
        }
        return apply(valid ? ServerEvent::ProofValid : ServerEvent::ProofInvalid,
                     std::move(message), problem);
    }
    return apply(ServerEvent::Command, std::move(message), "");
}

ServerOutput ServerSession::onMalformed(const std::string& problem) {
    return apply(ServerEvent::Malformed, std::nullopt, problem);
}

ServerOutput ServerSession::onTimeout() {
    return apply(ServerEvent::Timeout, std::nullopt, "handshake not completed in time");
}

ServerOutput ServerSession::apply(ServerEvent event, std::optional<RpcMessage> message,
                                  std::string detail) {
    const auto step = serverStep(state_, event);
    state_ = step.next;
    ServerOutput out;
    out.action = step.action;
    out.detail = std::move(detail);
    const uint64_t id = message ? message->id : 0;
    switch (step.action) {
        case ServerAction::SendChallenge: {
            our_challenge_ = random_(kNonceBytes);
            HelloArgs reply{kProtocolVersion, version_, toHex(our_challenge_)};
            out.send.push_back(RpcMessage::reply(id, toJson(reply)));
            break;
        }
        case ServerAction::SendProof: {
            const auto proof = makeProofWithSalt(secret_, ProofRole::Region, rack_challenge_,
                                                 random_(kNonceBytes));
            out.send.push_back(
                RpcMessage::reply(id, toJson(ProofArgs{toHex(proof.digest), toHex(proof.salt)})));
            break;
        }
        case ServerAction::Dispatch:
        case ServerAction::Deliver:
            out.message = std::move(message);
            break;
        case ServerAction::RefuseIncompatible:
            out.send.push_back(RpcMessage::error(id, code::kIncompatible, out.detail));
            out.close = true;
            break;
        case ServerAction::RefuseAuthFailed:
            // The rack learns only that it failed, not why.
            out.send.push_back(RpcMessage::error(id, code::kAuthFailed,
                                                 "authentication with the shared secret "
                                                 "failed; check the secret on this rack"));
            out.close = true;
            break;
        case ServerAction::RefuseUnauthenticated:
            out.send.push_back(RpcMessage::error(
                id, code::kUnauthenticated,
                "refused: authenticate with Hello and Proof before any other command"));
            out.close = true;
            out.detail = out.detail.empty() ? "command before authentication" : out.detail;
            break;
        case ServerAction::RefuseProtocol:
            out.send.push_back(RpcMessage::error(id, code::kBadRequest,
                                                 "already authenticated on this connection"));
            break;
        case ServerAction::CloseBadMessage:
            out.send.push_back(RpcMessage::error(0, code::kBadMessage, out.detail));
            out.close = true;
            break;
        case ServerAction::CloseTimeout:
            out.send.push_back(RpcMessage::error(0, code::kUnauthenticated, out.detail));
            out.close = true;
            break;
        case ServerAction::Ignore:
            break;
    }
    return out;
}

}  // namespace maas::rpc
