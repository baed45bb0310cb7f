#include "maas/rpc/auth.h"

#include <stdexcept>

namespace maas::rpc {

namespace {

// Domain separation between the two directions of the mutual handshake.
const char* roleLabel(ProofRole role) {
    return role == ProofRole::Region ? "maas-rpc/1 region-proof:" : "maas-rpc/1 rack-proof:";
}

Bytes proofMessage(ProofRole role, const Bytes& challenge, const Bytes& salt) {
    const std::string label = roleLabel(role);
    Bytes message(label.begin(), label.end());
    message.insert(message.end(), challenge.begin(), challenge.end());
    message.insert(message.end(), salt.begin(), salt.end());
    return message;
}

}  // namespace

Proof makeProofWithSalt(const Bytes& secret, ProofRole role, const Bytes& challenge,
                        const Bytes& salt) {
    return Proof{hmacSha256(secret, proofMessage(role, challenge, salt)), salt};
}

Proof makeProof(const Bytes& secret, ProofRole role, const Bytes& challenge) {
    return makeProofWithSalt(secret, role, challenge, randomBytes(kNonceBytes));
}

bool verifyProof(const Bytes& secret, ProofRole role, const Bytes& challenge, const Proof& proof) {
    if (proof.salt.size() != kNonceBytes || proof.digest.size() != kDigestBytes ||
        challenge.size() != kNonceBytes) {
        return false;
    }
    const Bytes expected = hmacSha256(secret, proofMessage(role, challenge, proof.salt));
    return constantTimeEqual(expected, proof.digest);
}

std::optional<Bytes> decodeHexField(const std::string& hex, size_t bytes) {
    if (hex.size() != bytes * 2) {
        return std::nullopt;
    }
    try {
        return fromHex(hex);
    } catch (const std::invalid_argument&) {
        return std::nullopt;
    }
}

}  // namespace maas::rpc
