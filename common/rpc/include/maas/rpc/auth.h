#pragma once

#include <optional>
#include <string>

#include "maas/common/secret.h"

namespace maas::rpc {

/// Challenges and salts are 16 random bytes; digests are HMAC-SHA256 (32 bytes).
inline constexpr size_t kNonceBytes = 16;
inline constexpr size_t kDigestBytes = 32;

/// Who is proving knowledge of the secret. The role is bound into the digest so an answer one
/// side gives can never be replayed as the other side's answer (reflection).
enum class ProofRole { Region, Rack };

/// The answer to a challenge: digest = HMAC-SHA256(secret, label(role) || challenge || salt).
struct Proof {
    Bytes digest;
    Bytes salt;
};

/// A proof over challenge with a fresh random salt.
Proof makeProof(const Bytes& secret, ProofRole role, const Bytes& challenge);
/// Same, with the salt given (tests).
Proof makeProofWithSalt(const Bytes& secret, ProofRole role, const Bytes& challenge,
                        const Bytes& salt);
/// Constant-time check; false for wrong sizes too.
bool verifyProof(const Bytes& secret, ProofRole role, const Bytes& challenge, const Proof& proof);

/// Decodes a hex field of exactly `bytes` bytes; nullopt when malformed.
std::optional<Bytes> decodeHexField(const std::string& hex, size_t bytes);

}  // namespace maas::rpc
