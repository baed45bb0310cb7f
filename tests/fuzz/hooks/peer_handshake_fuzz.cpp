// Fuzzes the DHCP HA peer handshake's sequencing: whatever frames a partner sends, in any
// order (Hello twice, Proof first, leases before the proofs), the handshake must never count
// a partner as authenticated without a proof made with the shared secret, which the input
// cannot hold, and the secondary must never reveal its proof to it.
#include <cstdlib>
#include <variant>

#include "maas/hooks/peer_handshake.h"
#include "maas/hooks/peer_wire.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace maas::hooks;
    if (size == 0)
        return 0;
    const Role own = (data[0] & 1) ? Role::Primary : Role::Secondary;
    PeerHandshake handshake(Bytes(32, 0x5a), own, 128, Bytes(16, 0x11));
    FrameReader reader;
    reader.append(data + 1, size - 1);
    try {
        for (int frames = 0; frames < 100; ++frames) {
            auto body = reader.next();
            if (!body)
                break;
            const PeerMessage message = decodeBody(body->data(), body->size());
            if (const auto* hello = std::get_if<Hello>(&message))
                handshake.onHello(*hello);
            else if (const auto* proof = std::get_if<Proof>(&message))
                handshake.onProof(*proof);
            if (handshake.status() == PeerHandshake::Status::Authenticated)
                std::abort();  // forged: the input cannot know the secret
            if (handshake.proofAfterVerification())
                std::abort();  // the secondary revealed its proof to an unproven peer
        }
    } catch (const WireError&) {
    }
    return 0;
}
