// A hostile peer on the secondary's peer port: it connects from the primary's address but does
// not know the secret. The secondary answers its Hello with nothing and its forged Proof with a
// Bye and a close: nothing derived from the secret ever reaches it.
#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>

#include "ha_service_harness.h"

using namespace maas::hooks;
using namespace maas::hooks::testing;

namespace {

/// The attacker's end: a plain TCP connection from 127.0.0.1 (the primary's address).
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
    void send(const Message& message) {
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
            reader.append(buffer, static_cast<size_t>(n));
        }
        while (auto body = reader.next()) {
            received.push_back(decodeBody(body->data(), body->size()));
        }
    }
    maas::UniqueFd fd;
    FrameReader reader;
    std::vector<Message> received;
    bool closed = false;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(hostile_peer)

BOOST_AUTO_TEST_CASE(secondary_reveals_nothing_to_a_peer_without_the_secret) {
    PollWatcher loop;
    Server secondary(Role::Secondary, maas::Secret::generate().bytes(), loop);
    HostilePeer attacker;
    BOOST_REQUIRE(loop.runUntil([&] {
        attacker.receive();
        return !attacker.received.empty();
    }));
    BOOST_REQUIRE(std::holds_alternative<Hello>(attacker.received.front()));
    // Its own Hello, as the primary would send it: the secondary now waits for a proof and
    // sends nothing (the window is bounded: the secondary has nothing to wait for).
    attacker.send(Hello{kProtocolVersion, Role::Primary, 255, maas::randomBytes(kNonceBytes)});
    loop.runUntil(
        [&] {
            attacker.receive();
            return attacker.received.size() > 1 || attacker.closed;
        },
        300);
    BOOST_TEST(attacker.received.size() == 1U);
    BOOST_TEST(!attacker.closed);
    // A forged proof: the secondary says why and closes, and still never proves anything.
    attacker.send(Proof{Bytes(32, 0x42)});
    BOOST_REQUIRE(loop.runUntil([&] {
        attacker.receive();
        return attacker.closed;
    }));
    BOOST_REQUIRE(attacker.received.size() == 2U);
    const auto* bye = std::get_if<Bye>(&attacker.received.back());
    BOOST_REQUIRE(bye != nullptr);
    BOOST_TEST(bye->reason == "authentication failed");
    BOOST_TEST(secondary.service.status().counters.authFailures == 1U);
    BOOST_TEST(!secondary.service.status().linkUp);
    BOOST_TEST(secondary.sink->contains("MAAS_HA_AUTH_FAILED"));
}

BOOST_AUTO_TEST_SUITE_END()
