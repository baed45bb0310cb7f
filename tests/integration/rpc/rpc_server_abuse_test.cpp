// The region's RPC listener against hostile and unlucky peers: a directory that throws (the
// database is out of connections), oversize frames before authentication, sockets squatting
// the pre-authentication slots.
#include <boost/test/unit_test.hpp>

#include <sys/socket.h>

#include <atomic>
#include <cerrno>
#include <vector>

#include "rpc_server_harness.h"

using namespace rpc_test;

namespace {

/// Throws from heartbeats as a database outage would (pool timeout, lost server).
class FailingDirectory final : public RackDirectory {
  public:
    MemoryRackDirectory inner{"uuid-1", "0.1.0"};
    std::atomic<bool> fail_heartbeats{false};

    RegisterResult registerRack(const RegisterArgs& args, const PeerInfo& peer) override {
        return inner.registerRack(args, peer);
    }
    void heartbeat(const std::string& system_id, const PeerInfo& peer) override {
        if (fail_heartbeats)
            throw std::runtime_error("no database connection became free within 5000 ms");
        inner.heartbeat(system_id, peer);
    }
    void updateInterfaces(const maas::rpc::UpdateInterfacesArgs& args,
                          const PeerInfo& peer) override {
        inner.updateInterfaces(args, peer);
    }
    void disconnected(const std::string& system_id, const PeerInfo& peer) override {
        inner.disconnected(system_id, peer);
    }
};

RpcServerOptions tuned() {
    RpcServerOptions o;
    o.address = "127.0.0.1";
    o.secret = kSecret;
    o.version = "0.1.0";
    o.handshake_timeout = 5000ms;
    return o;
}

struct TunedRegion {
    std::shared_ptr<MemorySink> sink = std::make_shared<MemorySink>();
    Logger logger{"regiond[0]", sink};
    FailingDirectory directory;
    RpcServer server;

    explicit TunedRegion(RpcServerOptions options) : server(std::move(options), directory, logger) {
        server.start();
    }
    FramedSocket connect() { return connectRpc("127.0.0.1", server.port(), kSecret, 2000ms); }
    FramedSocket connectPlain() {
        return FramedSocket(connectTcp("127.0.0.1", server.port(), 2000ms));
    }
};

/// How many of these sockets the server has closed (a read sees EOF or a reset).
size_t closedCount(std::vector<FramedSocket>& sockets) {
    size_t closed = 0;
    for (auto& s : sockets) {
        char byte;
        const auto n = ::recv(s.fd(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK))
            ++closed;
    }
    return closed;
}

template <typename Predicate>
bool eventually(Predicate predicate) {
    for (int i = 0; i < 300; ++i) {
        if (predicate())
            return true;
        std::this_thread::sleep_for(10ms);
    }
    return predicate();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(rpc_server_abuse)

BOOST_AUTO_TEST_CASE(a_throwing_directory_gets_an_error_reply_and_the_server_goes_on) {
    TunedRegion region(tuned());
    auto socket = region.connect();
    auto session = handshake(socket, kSecret);
    BOOST_REQUIRE(session.verified());
    const auto rack = registerRack(socket, session, RegisterArgs{"", "rack1", {}, "0.1.0"});

    region.directory.fail_heartbeats = true;
    socket.send(RpcMessage::request(session.nextId(), command::kHeartbeat,
                                    toJson(HeartbeatArgs{rack.system_id})),
                1000ms);
    const auto failed = receive(socket);
    BOOST_TEST((failed.kind == MessageKind::Error));
    BOOST_TEST(failed.code == code::kInternal);
    BOOST_TEST(failed.text.find("database") == std::string::npos);  // the detail is logged only
    BOOST_TEST(region.sink->contains("RPC_HANDLER_FAILED"));

    region.directory.fail_heartbeats = false;
    socket.send(RpcMessage::request(session.nextId(), command::kHeartbeat,
                                    toJson(HeartbeatArgs{rack.system_id})),
                1000ms);
    BOOST_TEST((receive(socket).kind == MessageKind::Reply));
    auto other = region.connect();
    BOOST_TEST(handshake(other, kSecret).verified());
}

BOOST_AUTO_TEST_CASE(frames_over_4_kib_are_refused_before_authentication_only) {
    TunedRegion region(tuned());
    auto anonymous = region.connect();
    anonymous.sendRaw(encodeFrame(std::string(5000, 'x')), 1000ms);
    BOOST_TEST(closedByPeer(anonymous));
    BOOST_TEST(region.sink->contains("RPC_BAD_FRAME"));

    auto socket = region.connect();
    auto session = handshake(socket, kSecret);
    BOOST_REQUIRE(session.verified());
    // 8 KiB is fine once authenticated: answered (a field error), not dropped.
    socket.send(RpcMessage::request(session.nextId(), command::kHeartbeat,
                                    toJson(HeartbeatArgs{std::string(8000, 'a')})),
                1000ms);
    BOOST_TEST(receive(socket).code == code::kBadRequest);
    BOOST_TEST(
        !registerRack(socket, session, RegisterArgs{"", "rack1", {}, "0.1.0"}).system_id.empty());
}

BOOST_AUTO_TEST_CASE(squatters_cannot_keep_a_rack_out) {
    auto options = tuned();
    options.max_unauthenticated = 8;
    options.max_connections = 2;
    TunedRegion region(options);
    std::vector<FramedSocket> squatters;
    for (int i = 0; i < 40; ++i)
        squatters.push_back(region.connectPlain());
    // All 40 accepted in turn, the oldest dropped for each newcomer past 8.
    BOOST_TEST(eventually(
        [&] { return region.server.connectionCount() == 8 && closedCount(squatters) == 32; }));
    // The newest connection always gets its handshake.
    auto socket = region.connect();
    auto session = handshake(socket, kSecret);
    BOOST_REQUIRE(session.verified());
    BOOST_TEST(
        !registerRack(socket, session, RegisterArgs{"", "rack1", {}, "0.1.0"}).system_id.empty());
    // More squatters do not take the authenticated rack's slot.
    for (int i = 0; i < 20; ++i)
        squatters.push_back(region.connectPlain());
    BOOST_TEST(eventually([&] { return region.server.connectionCount() <= 9; }));
    BOOST_TEST(region.server.verifiedCount() == 1u);
    socket.send(
        RpcMessage::request(session.nextId(), command::kHeartbeat,
                            toJson(HeartbeatArgs{region.directory.inner.racks().at(0).system_id})),
        1000ms);
    BOOST_TEST((receive(socket).kind == MessageKind::Reply));
}

BOOST_AUTO_TEST_CASE(one_address_gets_a_bounded_number_of_pending_handshakes) {
    auto options = tuned();
    options.max_unauthenticated_per_source = 4;
    TunedRegion region(options);
    std::vector<FramedSocket> squatters;
    for (int i = 0; i < 12; ++i)
        squatters.push_back(region.connectPlain());
    BOOST_TEST(eventually([&] { return region.sink->contains("RPC_PEER_LIMIT"); }));
    BOOST_TEST(eventually([&] { return closedCount(squatters) == 8; }));
    BOOST_TEST(region.server.connectionCount() == 4u);
    squatters.clear();  // closing them frees the address's slots
    BOOST_TEST(eventually([&] { return region.server.connectionCount() == 0; }));
    auto socket = region.connect();
    BOOST_TEST(handshake(socket, kSecret).verified());
}

BOOST_AUTO_TEST_SUITE_END()
