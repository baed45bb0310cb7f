#include "maas/hooks/peer_handshake.h"

#include <maas/common/secret.h>

namespace maas::hooks {

namespace {
constexpr std::string_view kLabel = "maas-ha-peer-proof-v1";
}

PeerHandshake::PeerHandshake(Bytes secret, Role ownRole, uint16_t split, Bytes ownNonce)
    : secret_(std::move(secret)), role_(ownRole), split_(split), nonce_(std::move(ownNonce)) {}

Hello PeerHandshake::hello() const {
    return Hello{kProtocolVersion, role_, split_, nonce_};
}

std::optional<Proof> PeerHandshake::onHello(const Hello& hello) {
    if (status_ != Status::AwaitHello) {
        failWith("unexpected hello");
    } else if (hello.version != kProtocolVersion) {
        failWith("protocol version " + std::to_string(hello.version) + " not supported");
    } else if (hello.role == role_) {
        failWith(std::string("partner is also ") + roleName(role_));
    } else if (hello.nonce == nonce_) {
        failWith("partner echoed our challenge");
    }
    if (status_ == Status::Failed) {
        return std::nullopt;
    }
    peer_nonce_ = hello.nonce;
    peer_split_ = hello.split;
    status_ = Status::AwaitProof;
    if (role_ != Role::Primary) {
        return std::nullopt;  // verify first, reveal after
    }
    return Proof{proofFor(role_, peer_nonce_, nonce_)};
}

std::optional<Proof> PeerHandshake::proofAfterVerification() const {
    if (role_ == Role::Primary || status_ != Status::Authenticated) {
        return std::nullopt;
    }
    return Proof{proofFor(role_, peer_nonce_, nonce_)};
}

bool PeerHandshake::onProof(const Proof& proof) {
    if (status_ != Status::AwaitProof) {
        failWith("proof before hello");
        return false;
    }
    const Role peerRole = role_ == Role::Primary ? Role::Secondary : Role::Primary;
    if (!maas::constantTimeEqual(proof.mac, proofFor(peerRole, nonce_, peer_nonce_))) {
        failWith("wrong proof (different secret)");
        return false;
    }
    status_ = Status::Authenticated;
    return true;
}

Bytes PeerHandshake::proofFor(Role prover, const Bytes& verifierNonce,
                              const Bytes& proverNonce) const {
    Bytes message(kLabel.begin(), kLabel.end());
    message.push_back(static_cast<uint8_t>(prover));
    message.insert(message.end(), verifierNonce.begin(), verifierNonce.end());
    message.insert(message.end(), proverNonce.begin(), proverNonce.end());
    return maas::hmacSha256(secret_, message);
}

void PeerHandshake::failWith(std::string reason) {
    status_ = Status::Failed;
    failure_ = std::move(reason);
}

}  // namespace maas::hooks
