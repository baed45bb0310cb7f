#pragma once

#include <string>

#include "maas/hooks/peer_wire.h"

namespace maas::hooks {

/// Mutual challenge/response on a fresh peer connection. Each side sends a Hello carrying a
/// random nonce, then proves knowledge of the shared secret with
/// HMAC(secret, label | prover role | verifier nonce | prover nonce). The primary (it dialed
/// the configured partner) proves first; the secondary (it accepts whoever connects from the
/// partner's address) sends its proof only after the primary's checked out, so a peer without
/// the secret gets nothing derived from it. Nothing else is accepted until both proofs check
/// out; the secret never crosses the wire.
class PeerHandshake {
  public:
    enum class Status { AwaitHello, AwaitProof, Authenticated, Failed };

    PeerHandshake(Bytes secret, Role ownRole, uint16_t split, Bytes ownNonce);

    /// The Hello to send first.
    Hello hello() const;
    /// Handles the partner's Hello; returns the Proof to send now: the primary's, or nullopt
    /// (the secondary waits for the primary's proof; a failure sets status() to Failed).
    std::optional<Proof> onHello(const Hello& hello);
    /// Handles the partner's Proof; true when the partner is now authenticated.
    bool onProof(const Proof& proof);
    /// The secondary's proof, once the primary is authenticated (nullopt before, and always
    /// for the primary, whose proof onHello returned).
    std::optional<Proof> proofAfterVerification() const;

    Status status() const { return status_; }
    const std::string& failure() const { return failure_; }
    /// The partner's split (the primary's is authoritative for the pair).
    uint16_t peerSplit() const { return peer_split_; }

  private:
    Bytes proofFor(Role prover, const Bytes& verifierNonce, const Bytes& proverNonce) const;
    void failWith(std::string reason);

    Bytes secret_;
    Role role_;
    uint16_t split_;
    Bytes nonce_;
    Bytes peer_nonce_;
    uint16_t peer_split_ = 0;
    Status status_ = Status::AwaitHello;
    std::string failure_;
};

}  // namespace maas::hooks
