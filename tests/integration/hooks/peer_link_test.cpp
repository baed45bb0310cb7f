// PeerLink in this process over loopback TCP, its clock given by the test: a partner that closes
// in the middle of the handshake, one that sends half a frame and stalls, a dropped link dialed
// again after the redial delay and no sooner. The poll loop waits for conditions, within bounds;
// no test sleeps, and every deadline is crossed by moving the given clock. A tick reads the
// frames that wait in the socket.
#include <sys/socket.h>

#include <boost/test/unit_test.hpp>

#include "ha_service_harness.h"
#include "maas/common/tls_psk.h"
#include "peer_link.h"
#include "peer_socket.h"
#include "peer_stream.h"

using namespace maas::hooks;
using namespace maas::hooks::testing;

namespace {

constexpr uint32_t kPrimaryAddress = 0x7F000001;    // 127.0.0.1
constexpr uint32_t kSecondaryAddress = 0x7F000002;  // 127.0.0.2

/// One PeerLink and what its callbacks reported.
struct Side {
    Side(Role role, const Bytes& secret, FdWatcher& watcher)
        : link(params(role), secret, watcher,
               PeerLink::Callbacks{[this] { ++ups; }, [this](const PeerMessage&) { ++messages; },
                                   [this](const std::string& why, bool crashed) {
                                       ++downs;
                                       last_down = why;
                                       last_crashed = crashed;
                                   },
                                   [this](const std::string&) { ++auth_failures; }}) {}
    int ups = 0;
    int downs = 0;
    int messages = 0;
    int auth_failures = 0;
    std::string last_down;
    bool last_crashed = false;
    PeerLink link;
};

/// A partner written by hand: TCP from the primary's address to the secondary's port, TLS with
/// the right key, then only the bytes the test writes.
struct HandPartner {
    HandPartner(const Bytes& secret, PollWatcher& loop) {
        auto dialed = peer_socket::dial(kPrimaryAddress, kSecondaryAddress, testPort());
        BOOST_REQUIRE(dialed.fd);
        fd = std::move(dialed.fd);
        tls = std::make_unique<maas::tls::PskStream>(
            maas::tls::peerContext(maas::tls::Role::Client, secret), fd.get());
        BOOST_REQUIRE(loop.runUntil([&] { return tls->handshake() == maas::tls::IoStatus::Done; }));
    }
    void write(const Bytes& bytes, size_t from, size_t to) {
        size_t done = from;
        for (int step = 0; step < 100 && done < to; ++step) {
            const auto r =
                tls->write(reinterpret_cast<const char*>(bytes.data()) + done, to - done);
            BOOST_REQUIRE(r.status == maas::tls::IoStatus::Done);
            done += r.bytes;
        }
        BOOST_REQUIRE_EQUAL(done, to);
    }
    /// Reads what arrived; false once the link closed this connection.
    bool open() {
        char buffer[4096];
        for (int round = 0; round < 64; ++round) {
            const auto r = tls->read(buffer, sizeof buffer);
            if (r.status == maas::tls::IoStatus::Done) {
                frames.append(reinterpret_cast<const uint8_t*>(buffer), r.bytes);
            } else {
                return r.status == maas::tls::IoStatus::WantRead ||
                       r.status == maas::tls::IoStatus::WantWrite;
            }
        }
        return true;
    }
    maas::UniqueFd fd;
    std::unique_ptr<maas::tls::PskStream> tls;
    FrameReader frames;
};

/// Ticks both sides until their link is up; false past the loop's bound.
bool linkUp(PollWatcher& loop, Side& primary, Side& secondary, int64_t now) {
    return loop.runUntil([&] {
        primary.link.tick(now);
        secondary.link.tick(now);
        return primary.link.up() && secondary.link.up();
    });
}

Bytes helloFrame(const Bytes& secret) {
    return encodeFrame(
        PeerHandshake(secret, Role::Primary, 128, maas::randomBytes(kNonceBytes)).hello());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(peer_link)

BOOST_AUTO_TEST_CASE(a_partner_closing_mid_handshake_leaves_the_link_ready_for_the_next) {
    const Bytes secret = maas::Secret::generate().bytes();
    PollWatcher loop;
    Side secondary(Role::Secondary, secret, loop);
    const int64_t now = 1000;
    secondary.link.start(now);
    {
        HandPartner partner(secret, loop);
        const Bytes hello = helloFrame(secret);
        partner.write(hello, 0, hello.size());
        // The secondary's Hello arrives: the handshake is under way; then the partner leaves.
        BOOST_REQUIRE(loop.runUntil([&] {
            partner.open();
            return partner.frames.next().has_value();
        }));
    }
    Side primary(Role::Primary, secret, loop);
    primary.link.start(now);
    BOOST_REQUIRE(linkUp(loop, primary, secondary, now));
    BOOST_TEST(secondary.ups == 1);
    BOOST_TEST(secondary.downs == 0);  // a connection never authenticated is no link lost
    BOOST_TEST(secondary.auth_failures == 0);
}

BOOST_AUTO_TEST_CASE(half_a_frame_then_silence_ends_at_the_handshake_timeout) {
    const Bytes secret = maas::Secret::generate().bytes();
    PollWatcher loop;
    Side secondary(Role::Secondary, secret, loop);
    const int64_t start = 5000;
    secondary.link.start(start);
    HandPartner partner(secret, loop);
    const Bytes hello = helloFrame(secret);
    partner.write(hello, 0, hello.size() / 2);
    // The secondary took the connection (its Hello arrives), read the half frame, and waits.
    BOOST_REQUIRE(loop.runUntil([&] {
        partner.open();
        return partner.frames.next().has_value();
    }));
    secondary.link.tick(start + peer_socket::kHandshakeTimeoutMs);
    BOOST_TEST(partner.open());
    // Dropped at the deadline, closed on the tick after (the link frees it outside callbacks).
    BOOST_TEST(loop.runUntil([&] {
        secondary.link.tick(start + peer_socket::kHandshakeTimeoutMs + 1);
        return !partner.open();
    }));
    BOOST_TEST(!secondary.link.up());
    BOOST_TEST(secondary.auth_failures == 0);
}

BOOST_AUTO_TEST_CASE(a_dropped_link_is_dialed_again_after_the_redial_delay) {
    const Bytes secret = maas::Secret::generate().bytes();
    PollWatcher loop;
    Side primary(Role::Primary, secret, loop);
    int64_t now = 10000;
    primary.link.start(now);
    auto secondary = std::make_unique<Side>(Role::Secondary, secret, loop);
    secondary->link.start(now);
    const auto bothUp = [&] {
        primary.link.tick(now);
        secondary->link.tick(now);
        return primary.link.up() && secondary->link.up();
    };
    BOOST_REQUIRE(loop.runUntil(bothUp));

    secondary.reset();  // unloads: says Bye, closes, and its listener goes
    BOOST_REQUIRE(loop.runUntil([&] { return primary.downs == 1; }));
    BOOST_TEST(primary.last_down == "partner said goodbye");
    secondary = std::make_unique<Side>(Role::Secondary, secret, loop);
    secondary->link.start(now);

    now += peer_socket::kRedialMs - 1;  // not yet due: no dial, however long the loop runs
    BOOST_TEST(!loop.runUntil([&] { return bothUp() || secondary->ups > 0; }, 300));
    now += 1;
    BOOST_TEST(loop.runUntil(bothUp));
    BOOST_TEST(primary.ups == 2);
}

BOOST_AUTO_TEST_CASE(a_partner_leaving_with_frames_unread_says_goodbye_not_crashed) {
    // Unloading while the partner's heartbeats wait unread in its socket: its kernel would
    // answer the close with a reset, which can overtake the Bye. The leaving side discards them
    // and closes with a FIN after its Bye; either way the goodbye is what is reported.
    const Bytes secret = maas::Secret::generate().bytes();
    PollWatcher loop;
    Side primary(Role::Primary, secret, loop);
    const int64_t now = 30000;
    primary.link.start(now);
    auto secondary = std::make_unique<Side>(Role::Secondary, secret, loop);
    secondary->link.start(now);
    BOOST_REQUIRE(linkUp(loop, primary, *secondary, now));
    for (int64_t i = 0; i < 50; ++i) {  // no loop turn: the secondary reads none of them
        BOOST_REQUIRE(primary.link.send(Heartbeat{HaState::Normal, i, 0, false}));
    }
    secondary.reset();
    BOOST_REQUIRE(loop.runUntil([&] { return primary.downs == 1; }));
    BOOST_TEST(primary.last_down == "partner said goodbye");
    BOOST_TEST(!primary.last_crashed);
}

BOOST_AUTO_TEST_CASE(a_reset_right_after_a_bye_is_still_a_goodbye) {
    // A partner that says Bye and then resets the connection (its kernel still held our
    // frames): the Bye, read first, decides what is reported.
    const Bytes secret = maas::Secret::generate().bytes();
    PollWatcher loop;
    Side secondary(Role::Secondary, secret, loop);
    const int64_t now = 40000;
    secondary.link.start(now);
    HandPartner partner(secret, loop);
    PeerHandshake handshake(secret, Role::Primary, 128, maas::randomBytes(kNonceBytes));
    const Bytes hello = encodeFrame(handshake.hello());
    partner.write(hello, 0, hello.size());
    std::optional<Bytes> body;
    BOOST_REQUIRE(loop.runUntil([&] {
        partner.open();
        return (body = partner.frames.next()).has_value();
    }));
    const auto proof = handshake.onHello(std::get<Hello>(decodeBody(body->data(), body->size())));
    BOOST_REQUIRE(proof.has_value());
    const Bytes proofFrame = encodeFrame(*proof);
    partner.write(proofFrame, 0, proofFrame.size());
    BOOST_REQUIRE(loop.runUntil([&] { return secondary.link.up(); }));
    const Bytes bye = encodeFrame(Bye{"leaving"});
    partner.write(bye, 0, bye.size());
    const linger reset{1, 0};  // close with a reset, not a FIN
    BOOST_REQUIRE(::setsockopt(partner.fd.get(), SOL_SOCKET, SO_LINGER, &reset, sizeof reset) == 0);
    partner.tls.reset();
    partner.fd = maas::UniqueFd();
    BOOST_REQUIRE(loop.runUntil([&] { return secondary.downs == 1; }));
    BOOST_TEST(secondary.last_down == "partner said goodbye");
    BOOST_TEST(!secondary.last_crashed);
}

BOOST_AUTO_TEST_CASE(frames_waiting_in_the_socket_are_read_on_the_tick) {
    // A main loop held elsewhere, then its timer served before the link's socket: the tick
    // itself reads what the partner sent, so the partner's silence is judged on it.
    const Bytes secret = maas::Secret::generate().bytes();
    PollWatcher loop;
    Side primary(Role::Primary, secret, loop);
    Side secondary(Role::Secondary, secret, loop);
    const int64_t now = 20000;
    primary.link.start(now);
    secondary.link.start(now);
    BOOST_REQUIRE(linkUp(loop, primary, secondary, now));
    const int before = secondary.messages;
    BOOST_REQUIRE(primary.link.send(Heartbeat{HaState::Normal, 1, 0, false}));
    secondary.link.tick(now + 50);  // no loop turn in between: only the tick reads
    BOOST_TEST(secondary.messages == before + 1);
}

BOOST_AUTO_TEST_SUITE_END()
