#include <poll.h>
#include <signal.h>
#include <sys/socket.h>

#include <boost/test/unit_test.hpp>
#include <string>

#include "maas/common/tls_psk.h"
#include "maas/common/unique_fd.h"

using namespace maas;
using namespace maas::tls;

namespace {

struct Pair {
    UniqueFd a, b;
    Pair() {
        int fds[2];
        BOOST_REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds) == 0);
        a.reset(fds[0]);
        b.reset(fds[1]);
    }
};

/// Steps both handshakes until neither can move; bounded.
std::pair<IoStatus, IoStatus> handshakeBoth(PskStream& client, PskStream& server) {
    IoStatus c = IoStatus::WantWrite, s = IoStatus::WantRead;
    for (int i = 0; i < 50; ++i) {
        c = client.handshake();
        s = server.handshake();
        if ((c == IoStatus::Done && s == IoStatus::Done) || c == IoStatus::Failed ||
            s == IoStatus::Failed)
            break;
    }
    return {c, s};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tls_psk)

BOOST_AUTO_TEST_CASE(hkdf_matches_rfc5869_test_case_3) {
    // RFC 5869 A.3: SHA-256, 22 bytes of 0x0b, no salt, no info, 42 bytes out.
    const Bytes ikm(22, 0x0b);
    BOOST_TEST(toHex(deriveKey(ikm, "", 42)) ==
               "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"
               "9d201395faa4b61a96c8");
}

BOOST_AUTO_TEST_CASE(labels_separate_keys) {
    const Bytes secret(16, 0x42);
    BOOST_TEST(deriveKey(secret, kRpcPskLabel) != deriveKey(secret, "maas-rpc/1 other"));
    BOOST_TEST(deriveKey(secret, kRpcPskLabel).size() == 32u);
}

BOOST_AUTO_TEST_CASE(same_secret_connects_and_carries_bytes_both_ways) {
    const Bytes secret(16, 0x42);
    Pair p;
    PskStream client(rpcContext(Role::Client, secret), p.a.get());
    PskStream server(rpcContext(Role::Server, secret), p.b.get());
    const auto [c, s] = handshakeBoth(client, server);
    BOOST_TEST((c == IoStatus::Done && s == IoStatus::Done));
    const std::string hello = "hello region";
    BOOST_TEST(client.write(hello.data(), hello.size()).bytes == hello.size());
    char buffer[64];
    const auto r = server.read(buffer, sizeof(buffer));
    BOOST_TEST((r.status == IoStatus::Done));
    BOOST_TEST(std::string(buffer, r.bytes) == hello);
    // Nothing of the plaintext is on the wire: what the client wrote is ciphertext.
    BOOST_TEST((server.read(buffer, sizeof(buffer)).status == IoStatus::WantRead));
}

BOOST_AUTO_TEST_CASE(another_secret_fails_on_both_sides) {
    Pair p;
    PskStream client(rpcContext(Role::Client, Bytes(16, 0x01)), p.a.get());
    PskStream server(rpcContext(Role::Server, Bytes(16, 0x02)), p.b.get());
    const auto [c, s] = handshakeBoth(client, server);
    BOOST_TEST((c != IoStatus::Done || s != IoStatus::Done));
    BOOST_TEST(!client.established());
    BOOST_TEST(!server.established());
}

BOOST_AUTO_TEST_CASE(another_identity_fails) {
    const Bytes psk(32, 0x07);
    Pair p;
    PskStream client(std::make_shared<PskContext>(Role::Client, psk, "someone"), p.a.get());
    PskStream server(std::make_shared<PskContext>(Role::Server, psk, "maas-rpc/1"), p.b.get());
    handshakeBoth(client, server);
    BOOST_TEST(!client.established());
    BOOST_TEST(!server.established());
}

BOOST_AUTO_TEST_CASE(a_peer_that_hung_up_fails_a_write_without_sigpipe) {
    ::signal(SIGPIPE, SIG_DFL);  // as in a process that does not ignore it (a Kea hook)
    const Bytes secret(16, 0x42);
    Pair p;
    PskStream client(rpcContext(Role::Client, secret), p.a.get());
    PskStream server(rpcContext(Role::Server, secret), p.b.get());
    handshakeBoth(client, server);
    BOOST_REQUIRE(client.established());
    p.b.reset();
    const std::string data(1000, 'x');
    IoStatus status = IoStatus::Done;
    for (int i = 0; i < 10 && status == IoStatus::Done; ++i)
        status = client.write(data.data(), data.size()).status;
    BOOST_TEST((status == IoStatus::Failed));
}

BOOST_AUTO_TEST_CASE(client_hello_carries_no_middlebox_compatibility_session_id) {
    // Both ends are ours: no fake session id (and no ChangeCipherSpec records) for TLS 1.2
    // middleboxes, so every handshake flight is shorter.
    Pair p;
    PskStream client(rpcContext(Role::Client, Bytes(16, 0x42)), p.a.get());
    BOOST_TEST((client.handshake() == IoStatus::WantRead));
    unsigned char hello[2048];
    const ssize_t n = ::recv(p.b.get(), hello, sizeof(hello), 0);
    // Record header (5), handshake header (4), legacy version (2), random (32): then the
    // legacy session id's length.
    BOOST_REQUIRE(n > 44);
    BOOST_TEST(hello[0] == 22);  // handshake record
    BOOST_TEST(hello[5] == 1);   // ClientHello
    BOOST_TEST(hello[43] == 0);
}

BOOST_AUTO_TEST_CASE(cleartext_bytes_fail_the_server_handshake) {
    Pair p;
    PskStream server(rpcContext(Role::Server, Bytes(16, 0x02)), p.b.get());
    const std::string frame("\x00\x00\x00\x05hello", 9);
    BOOST_REQUIRE(::send(p.a.get(), frame.data(), frame.size(), 0) == 9);
    BOOST_TEST((server.handshake() == IoStatus::Failed));
    BOOST_TEST(!server.error().empty());
}

BOOST_AUTO_TEST_SUITE_END()
