#include <boost/test/unit_test.hpp>

#include <maas/common/secret.h>

#include "maas/hooks/peer_handshake.h"

using namespace maas::hooks;

namespace {

struct Pair {
    PeerHandshake primary;
    PeerHandshake secondary;
};

Pair makePair(const Bytes& primarySecret, const Bytes& secondarySecret) {
    return Pair{
        PeerHandshake(primarySecret, Role::Primary, 255, maas::randomBytes(kNonceBytes)),
        PeerHandshake(secondarySecret, Role::Secondary, 128, maas::randomBytes(kNonceBytes))};
}

// Runs the exchange through the wire codec, as the sockets would.
template <typename T>
T viaWire(const T& message) {
    const Bytes frame = encodeFrame(message);
    return std::get<T>(decodeBody(frame.data() + 4, frame.size() - 4));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(peer_handshake)

BOOST_AUTO_TEST_CASE(same_secret_authenticates_both_ways) {
    const Bytes secret = maas::Secret::generate().bytes();
    Pair p = makePair(secret, secret);
    auto proofFromPrimary = p.primary.onHello(viaWire(p.secondary.hello()));
    BOOST_REQUIRE(proofFromPrimary.has_value());
    // The secondary verifies before it proves anything.
    BOOST_TEST(!p.secondary.onHello(viaWire(p.primary.hello())).has_value());
    BOOST_TEST((p.secondary.status() == PeerHandshake::Status::AwaitProof));
    BOOST_TEST(!p.secondary.proofAfterVerification().has_value());
    BOOST_TEST(p.secondary.onProof(viaWire(*proofFromPrimary)));
    auto proofFromSecondary = p.secondary.proofAfterVerification();
    BOOST_REQUIRE(proofFromSecondary.has_value());
    BOOST_TEST(p.primary.onProof(viaWire(*proofFromSecondary)));
    BOOST_TEST(!p.primary.proofAfterVerification().has_value());  // it proved in onHello
    BOOST_TEST((p.primary.status() == PeerHandshake::Status::Authenticated));
    BOOST_TEST(p.primary.peerSplit() == 128);
    BOOST_TEST(p.secondary.peerSplit() == 255);
}

BOOST_AUTO_TEST_CASE(wrong_secret_is_refused_and_secret_is_not_on_the_wire) {
    const Bytes secret = maas::Secret::generate().bytes();
    Pair p = makePair(secret, maas::Secret::generate().bytes());
    const Hello hello = p.primary.hello();
    const Bytes helloFrame = encodeFrame(hello);
    auto proof = p.primary.onHello(p.secondary.hello());
    BOOST_REQUIRE(proof.has_value());
    const Bytes proofFrame = encodeFrame(*proof);
    for (const Bytes* frame : {&helloFrame, &proofFrame}) {
        auto at = std::search(frame->begin(), frame->end(), secret.begin(), secret.end());
        BOOST_TEST((at == frame->end()));
    }
    p.secondary.onHello(hello);
    BOOST_TEST(!p.secondary.onProof(*proof));
    BOOST_TEST((p.secondary.status() == PeerHandshake::Status::Failed));
    BOOST_TEST(!p.secondary.proofAfterVerification().has_value());
    BOOST_TEST(p.secondary.failure() == "wrong proof (different secret)");
}

BOOST_AUTO_TEST_CASE(replayed_proof_from_an_earlier_session_fails) {
    const Bytes secret = maas::Secret::generate().bytes();
    Pair first = makePair(secret, secret);
    first.secondary.onHello(first.primary.hello());
    auto oldProof = first.primary.onHello(first.secondary.hello());
    // A new session: the secondary picks a new nonce, so the recorded proof no longer fits.
    Pair second = makePair(secret, secret);
    second.secondary.onHello(second.primary.hello());
    BOOST_TEST(!second.secondary.onProof(*oldProof));
}

BOOST_AUTO_TEST_CASE(reflected_proof_fails) {
    // An attacker without the secret sends our own proof back: roles differ in the MAC input.
    const Bytes secret = maas::Secret::generate().bytes();
    PeerHandshake primary(secret, Role::Primary, 255, maas::randomBytes(kNonceBytes));
    const Bytes attackerNonce = maas::randomBytes(kNonceBytes);
    auto ours = primary.onHello(Hello{kProtocolVersion, Role::Secondary, 255, attackerNonce});
    BOOST_REQUIRE(ours.has_value());
    BOOST_TEST(!primary.onProof(*ours));
}

BOOST_AUTO_TEST_CASE(secondary_reveals_nothing_to_a_peer_without_the_secret) {
    const Bytes secret = maas::Secret::generate().bytes();
    PeerHandshake secondary(secret, Role::Secondary, 255, maas::randomBytes(kNonceBytes));
    const Bytes attackerNonce = maas::randomBytes(kNonceBytes);
    BOOST_TEST(
        !secondary.onHello(Hello{kProtocolVersion, Role::Primary, 255, attackerNonce}).has_value());
    BOOST_TEST((secondary.status() == PeerHandshake::Status::AwaitProof));
    BOOST_TEST(!secondary.proofAfterVerification().has_value());
    BOOST_TEST(!secondary.onProof(Proof{Bytes(32, 0)}));
    BOOST_TEST(!secondary.proofAfterVerification().has_value());
}

BOOST_AUTO_TEST_CASE(protocol_errors_fail_the_handshake) {
    const Bytes secret = maas::Secret::generate().bytes();
    PeerHandshake a(secret, Role::Primary, 255, maas::randomBytes(kNonceBytes));
    BOOST_TEST(!a.onHello(Hello{kProtocolVersion, Role::Primary, 255, Bytes(32, 1)}).has_value());
    BOOST_TEST(a.failure() == "partner is also primary");

    PeerHandshake b(secret, Role::Primary, 255, maas::randomBytes(kNonceBytes));
    BOOST_TEST(
        !b.onHello(Hello{kProtocolVersion + 1, Role::Secondary, 255, Bytes(32, 1)}).has_value());

    PeerHandshake c(secret, Role::Primary, 255, maas::randomBytes(kNonceBytes));
    BOOST_TEST(!c.onProof(Proof{Bytes(32, 0)}));
    BOOST_TEST(c.failure() == "proof before hello");

    const Bytes nonce = maas::randomBytes(kNonceBytes);
    PeerHandshake d(secret, Role::Primary, 255, nonce);
    BOOST_TEST(!d.onHello(Hello{kProtocolVersion, Role::Secondary, 255, nonce}).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
