#include "maas/rpc/client_session.h"

#include "maas/rpc/auth.h"
#include "maas/rpc/commands.h"

namespace maas::rpc {

ClientSession::ClientSession(Bytes secret, std::string version, RandomSource random)
    : secret_(std::move(secret)), version_(std::move(version)), random_(std::move(random)) {}

ClientOutput ClientSession::start() {
    return apply(ClientEvent::Connected, std::nullopt, "");
}

ClientOutput ClientSession::onMalformed(const std::string& problem) {
    return apply(ClientEvent::Malformed, std::nullopt, problem);
}

ClientOutput ClientSession::onTimeout() {
    return apply(ClientEvent::Timeout, std::nullopt, "the region did not answer the handshake");
}

ClientEvent ClientSession::classifyHandshakeReply(const RpcMessage& message, std::string& detail) {
    if (message.kind == MessageKind::Error) {
        detail = message.code + ": " + message.text;
        return ClientEvent::Refused;
    }
    try {
        if (state_ == ClientState::AwaitChallenge) {
            const auto hello = decodeHello(*message.body);
            peer_version_ = hello.version;
            if (hello.protocol != kProtocolVersion) {
                detail = "region protocol " + std::to_string(hello.protocol) + " (version " +
                         hello.version + ") is incompatible with rack protocol " +
                         std::to_string(kProtocolVersion) + " (version " + version_ + ")";
                return ClientEvent::Incompatible;
            }
            auto challenge = decodeHexField(hello.challenge, kNonceBytes);
            if (!challenge) {
                detail = "Hello reply: challenge: must be " + std::to_string(kNonceBytes * 2) +
                         " hex characters";
                return ClientEvent::Malformed;
            }
            region_challenge_ = std::move(*challenge);
            return ClientEvent::Challenge;
        }
        const auto args = decodeProof(*message.body);
        auto digest = decodeHexField(args.digest, kDigestBytes);
        auto salt = decodeHexField(args.salt, kNonceBytes);
        if (digest && salt &&
            verifyProof(secret_, ProofRole::Region, our_challenge_,
                        Proof{std::move(*digest), std::move(*salt)})) {
            return ClientEvent::ProofValid;
        }
        detail = "the region's proof does not match the shared secret";
        return ClientEvent::ProofInvalid;
    } catch (const MessageError& e) {
        detail = e.what();
        return ClientEvent::Malformed;
    }
}

ClientOutput ClientSession::onPayload(std::string_view payload) {
    RpcMessage message;
    try {
        message = decodeMessage(payload);
    } catch (const MessageError& e) {
        return apply(ClientEvent::Malformed, std::nullopt, e.what());
    }
    if (message.kind == MessageKind::Request) {
        return apply(ClientEvent::Request, std::move(message), "");
    }
    const bool handshaking =
        state_ == ClientState::AwaitChallenge || state_ == ClientState::AwaitProof;
    if (handshaking && (message.id == pending_id_ || message.id == 0)) {
        std::string detail;
        const auto event = classifyHandshakeReply(message, detail);
        return apply(event, std::move(message), detail);
    }
    return apply(ClientEvent::Answer, std::move(message), "");
}

ClientOutput ClientSession::apply(ClientEvent event, std::optional<RpcMessage> message,
                                  std::string detail) {
    const auto step = clientStep(state_, event);
    state_ = step.next;
    ClientOutput out;
    out.action = step.action;
    out.detail = std::move(detail);
    switch (step.action) {
        case ClientAction::SendHello: {
            our_challenge_ = random_(kNonceBytes);
            pending_id_ = nextId();
            out.send.push_back(RpcMessage::request(
                pending_id_, command::kHello,
                toJson(HelloArgs{kProtocolVersion, version_, toHex(our_challenge_)})));
            break;
        }
        case ClientAction::SendProof: {
            const auto proof = makeProofWithSalt(secret_, ProofRole::Rack, region_challenge_,
                                                 random_(kNonceBytes));
            pending_id_ = nextId();
            out.send.push_back(
                RpcMessage::request(pending_id_, command::kProof,
                                    toJson(ProofArgs{toHex(proof.digest), toHex(proof.salt)})));
            break;
        }
        case ClientAction::BecomeVerified:
            pending_id_ = 0;
            break;
        case ClientAction::Dispatch:
        case ClientAction::Deliver:
            out.message = std::move(message);
            break;
        case ClientAction::ReportIncompatible:
        case ClientAction::ReportAuthFailed:
            out.close = true;
            break;
        case ClientAction::ReportRefused:
            out.error_code = message ? message->code : "";
            out.close = true;
            break;
        case ClientAction::RefuseUnauthenticated:
            out.send.push_back(RpcMessage::error(message ? message->id : 0, "unauthenticated",
                                                 "the region has not proved the shared secret"));
            out.close = true;
            break;
        case ClientAction::CloseBadMessage:
        case ClientAction::CloseTimeout:
            out.close = true;
            break;
        case ClientAction::Ignore:
            break;
    }
    return out;
}

}  // namespace maas::rpc
