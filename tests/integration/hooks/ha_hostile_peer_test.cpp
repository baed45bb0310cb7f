// A hostile peer on the secondary's peer port: it connects from the primary's address but does
// not know the secret. The link is TLS 1.3 with a key derived from the secret, so in clear it
// gets no frame at all (not even the Hello), and with TLS but a wrong key the handshake fails:
// either way the secondary closes, counts an authentication failure, and nothing derived from
// the secret ever reaches the attacker.
#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>

#include "ha_service_harness.h"
#include "maas/common/tls_psk.h"

using namespace maas::hooks;
using namespace maas::hooks::testing;

namespace {

/// The attacker's end: a TCP connection from 127.0.0.1 (the primary's address).
struct HostilePeer {
    HostilePeer() : fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
        sockaddr_in own{};
        own.sin_family = AF_INET;
        own.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        sockaddr_in secondary{};
        secondary.sin_family = AF_INET;
        secondary.sin_port = htons(testPort());
        ::inet_pton(AF_INET, "127.0.0.2", &secondary.sin_addr);
        BOOST_REQUIRE(::bind(fd.get(), reinterpret_cast<sockaddr*>(&own), sizeof own) == 0);
        BOOST_REQUIRE(
            ::connect(fd.get(), reinterpret_cast<sockaddr*>(&secondary), sizeof secondary) == 0);
    }
    void send(const PeerMessage& message) {
        const Bytes frame = encodeFrame(message);
        BOOST_REQUIRE(::send(fd.get(), frame.data(), frame.size(), MSG_NOSIGNAL) ==
                      static_cast<ssize_t>(frame.size()));
    }
    /// Collects what arrived; never blocks.
    void receive() {
        uint8_t buffer[4096];
        for (;;) {
            const ssize_t n = ::recv(fd.get(), buffer, sizeof buffer, MSG_DONTWAIT);
            if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
                closed = true;
            }
            if (n <= 0) {
                break;
            }
            raw.insert(raw.end(), buffer, buffer + n);
        }
    }
    maas::UniqueFd fd;
    Bytes raw;
    bool closed = false;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(hostile_peer)

BOOST_AUTO_TEST_CASE(a_peer_speaking_in_clear_gets_no_frame) {
    PollWatcher loop;
    Server secondary(Role::Secondary, maas::Secret::generate().bytes(), loop);
    HostilePeer attacker;
    // The primary's Hello in clear, as the link spoke before TLS: refused as a TLS handshake.
    attacker.send(Hello{kProtocolVersion, Role::Primary, 255, maas::randomBytes(kNonceBytes)});
    BOOST_REQUIRE(loop.runUntil([&] {
        attacker.receive();
        return attacker.closed;
    }));
    // At most a TLS alert (7 bytes): no Hello, no nonce, no proof.
    BOOST_TEST(attacker.raw.size() <= 7U);
    BOOST_TEST(secondary.service.status().counters.auth_failures == 1U);
    BOOST_TEST(!secondary.service.status().link_up);
    BOOST_TEST(secondary.sink->contains("MAAS_HA_AUTH_FAILED"));
}

BOOST_AUTO_TEST_CASE(a_tls_peer_with_another_secret_fails_the_handshake) {
    PollWatcher loop;
    Server secondary(Role::Secondary, maas::Secret::generate().bytes(), loop);
    HostilePeer attacker;
    ::fcntl(attacker.fd.get(), F_SETFL, O_NONBLOCK);  // stepped from the test's poll loop
    maas::tls::PskStream stream(
        maas::tls::peerContext(maas::tls::Role::Client, maas::Secret::generate().bytes()),
        attacker.fd.get());
    auto status = maas::tls::IoStatus::WantRead;
    BOOST_REQUIRE(loop.runUntil([&] {
        status = stream.handshake();
        return status != maas::tls::IoStatus::WantRead && status != maas::tls::IoStatus::WantWrite;
    }));
    BOOST_TEST((status != maas::tls::IoStatus::Done));
    BOOST_REQUIRE(
        loop.runUntil([&] { return secondary.service.status().counters.auth_failures == 1U; }));
    BOOST_TEST(!secondary.service.status().link_up);
}

BOOST_AUTO_TEST_SUITE_END()
