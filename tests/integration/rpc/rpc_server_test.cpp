// The region's RPC listener on loopback with an in-memory directory: real sockets, real
// handshake, hostile clients.
#define BOOST_TEST_MODULE rpc_server
#include <boost/test/unit_test.hpp>

#include "rpc_server_harness.h"

using namespace rpc_test;

BOOST_AUTO_TEST_CASE(register_and_heartbeat) {
    Region region;
    auto socket = region.connect();
    auto session = handshake(socket, kSecret);
    BOOST_REQUIRE(session.verified());
    const auto result = registerRack(socket, session, RegisterArgs{"", "rack1", {}, "0.1.0"});
    BOOST_TEST(result.maas_uuid == "uuid-1");
    BOOST_TEST(result.system_id.size() == 6u);
    socket.send(RpcMessage::request(session.nextId(), command::kHeartbeat,
                                    toJson(HeartbeatArgs{result.system_id})),
                1000ms);
    BOOST_TEST((receive(socket).kind == MessageKind::Reply));
    BOOST_TEST(region.directory.racks().at(0).connections.size() == 1u);
}

BOOST_AUTO_TEST_CASE(minor_version_difference_is_a_warning) {
    Region region;
    auto socket = region.connect();
    auto session = handshake(socket, kSecret);
    const auto result = registerRack(socket, session, RegisterArgs{"", "rack1", {}, "0.2.0"});
    BOOST_TEST(result.warnings.size() == 1u);
    BOOST_TEST(result.warnings.at(0) ==
               "rack version 0.2.0 differs from region version 0.1.0; upgrade the older one");
}

BOOST_AUTO_TEST_CASE(rack_of_another_maas_is_refused_and_nothing_changes) {
    Region region;
    auto socket = region.connect();
    auto session = handshake(socket, kSecret);
    RegisterArgs args{"abc123", "rack1", {}, "0.1.0"};
    args.maas_uuid = "uuid-2";
    socket.send(RpcMessage::request(session.nextId(), command::kRegister, toJson(args)), 1000ms);
    const auto reply = receive(socket);
    BOOST_TEST(reply.code == code::kWrongMaas);
    BOOST_TEST(region.directory.racks().empty());
    BOOST_TEST(region.logged("RPC_RACK_REFUSED"));
}

BOOST_AUTO_TEST_CASE(wrong_secret_is_refused_and_logged_with_the_peer_address) {
    Region region;
    // The TLS key alone is not enough: the mutual proofs inside it are checked too.
    auto socket = region.connect();
    auto session = handshake(socket, kOtherSecret);
    BOOST_TEST(!session.verified());
    BOOST_TEST(closedByPeer(socket));
    BOOST_TEST(region.logged("RPC_AUTH_FAILED"));
    bool named = false;
    for (const auto& r : region.sink->records()) {
        named |= r.text ==
                 "Rack controller FAILED authentication from '127.0.0.1'; dropping "
                 "connection.";
    }
    BOOST_TEST(named);
    BOOST_TEST(region.directory.racks().empty());
}

BOOST_AUTO_TEST_CASE(skipping_the_handshake_gets_only_the_refusal) {
    Region region;
    auto socket = region.connect();
    socket.send(
        RpcMessage::request(1, command::kRegister, toJson(RegisterArgs{"", "h", {}, "1.0"})),
        1000ms);
    const auto reply = receive(socket);
    BOOST_TEST((reply.kind == MessageKind::Error));
    BOOST_TEST(reply.code == code::kUnauthenticated);
    BOOST_TEST(closedByPeer(socket));
    BOOST_TEST(region.directory.racks().empty());
}

BOOST_AUTO_TEST_CASE(oversize_and_garbage_close_only_that_connection) {
    Region region;
    auto good = region.connect();
    auto session = handshake(good, kSecret);
    BOOST_REQUIRE(session.verified());

    auto big = region.connect();
    big.sendRaw(std::string("\x7f\xff\xff\xff", 4) + std::string(1000, 'x'), 1000ms);
    BOOST_TEST(closedByPeer(big));

    auto garbage = region.connect();
    garbage.sendRaw(encodeFrame("\x01\x02 not json"), 1000ms);
    BOOST_TEST((receive(garbage).code == code::kBadMessage));
    BOOST_TEST(closedByPeer(garbage));

    auto empty = region.connect();
    empty.sendRaw(std::string(4, '\0'), 1000ms);
    BOOST_TEST(closedByPeer(empty));

    // The verified connection and new ones still work.
    const auto result = registerRack(good, session, RegisterArgs{"", "rack1", {}, "0.1.0"});
    BOOST_TEST(!result.system_id.empty());
    auto later = region.connect();
    BOOST_TEST(handshake(later, kSecret).verified());
    BOOST_TEST(region.logged("RPC_BAD_FRAME"));
}

BOOST_AUTO_TEST_CASE(silent_client_is_dropped_after_the_handshake_deadline) {
    Region region;
    auto socket = region.connect();
    BOOST_TEST(closedByPeer(socket));
    BOOST_TEST(region.logged("RPC_REFUSED"));
    auto plain = region.connectPlain();  // not even a TLS handshake
    BOOST_TEST(closedByPeer(plain));
}

BOOST_AUTO_TEST_CASE(stop_rack_reaches_the_connected_rack) {
    Region region;
    auto socket = region.connect();
    auto session = handshake(socket, kSecret);
    const auto result = registerRack(socket, session, RegisterArgs{"", "rack1", {}, "0.1.0"});
    region.server.stopRack(result.system_id, "deleted");
    const auto request = receive(socket);
    BOOST_TEST((request.kind == MessageKind::Request));
    BOOST_TEST(request.command == command::kStopRack);
    BOOST_TEST(decodeStopRack(*request.body).reason == "deleted");
}

BOOST_AUTO_TEST_CASE(dhcp_generation_announcement_reaches_registered_racks) {
    Region region;
    auto socket = region.connect();
    auto session = handshake(socket, kSecret);
    registerRack(socket, session, RegisterArgs{"", "rack1", {}, "0.1.0"});
    region.server.announceDhcpGeneration(7);
    const auto request = receive(socket);
    BOOST_TEST((request.kind == MessageKind::Request));
    BOOST_TEST(request.command == command::kDhcpGenerationChanged);
    BOOST_TEST(decodeHeartbeatReply(request.body.get()) == 7);
}

BOOST_AUTO_TEST_CASE(disconnect_is_reported_to_the_directory) {
    Region region;
    {
        auto socket = region.connect();
        auto session = handshake(socket, kSecret);
        registerRack(socket, session, RegisterArgs{"", "rack1", {}, "0.1.0"});
    }
    // The directory hears of it just before the log line is written: wait for both.
    for (int i = 0; i < 50 && !(region.directory.racks().at(0).connections.empty() &&
                                region.logged("RPC_RACK_DISCONNECTED"));
         ++i) {
        std::this_thread::sleep_for(20ms);
    }
    BOOST_TEST(region.directory.racks().at(0).connections.empty());
    BOOST_TEST(region.logged("RPC_RACK_DISCONNECTED"));
}

BOOST_AUTO_TEST_CASE(heartbeat_of_a_deleted_rack_is_answered_with_stop) {
    Region region;
    auto socket = region.connect();
    auto session = handshake(socket, kSecret);
    const auto result = registerRack(socket, session, RegisterArgs{"", "rack1", {}, "0.1.0"});
    BOOST_REQUIRE(region.directory.remove(result.system_id));
    socket.send(RpcMessage::request(session.nextId(), command::kHeartbeat,
                                    toJson(HeartbeatArgs{result.system_id})),
                1000ms);
    BOOST_TEST(receive(socket).code == code::kRackDeleted);
    const auto stop = receive(socket);
    BOOST_TEST(stop.command == command::kStopRack);
    BOOST_TEST(region.logged("RPC_RACK_DELETED"));
}

// --- region -> rack requests (power commands): correlation, timeouts, closed connections

namespace {

/// A registered rack connection: handshake done, registered as `system_id`.
struct RackConn {
    FramedSocket socket;
    ClientSession session;
    RackConn(Region& region, const std::string& hostname)
        : socket(region.connect()), session(handshake(socket, kSecret)) {
        RegisterArgs args;
        args.hostname = hostname;
        args.version = "0.1.0";
        system_id = registerRack(socket, session, args).system_id;
    }
    std::string system_id;
};

Poco::JSON::Object::Ptr powerArgs(const std::string& machine) {
    return toJson(PowerArgs{machine, "manual", {}});
}

}  // namespace

BOOST_AUTO_TEST_CASE(region_calls_are_correlated_by_id) {
    Region region;
    RackConn rack(region, "rack-a");
    auto first = region.server.call(rack.system_id, command::kPowerQuery, powerArgs("m1"), 3000ms);
    auto second = region.server.call(rack.system_id, command::kPowerOn, powerArgs("m2"), 3000ms);
    const auto r1 = receive(rack.socket);
    const auto r2 = receive(rack.socket);
    BOOST_TEST(r1.command == command::kPowerQuery);
    BOOST_TEST(r2.command == command::kPowerOn);
    // Answer out of order: each caller still gets its own answer.
    rack.socket.send(RpcMessage::reply(r2.id, toJson(PowerResult{"on"})), 1000ms);
    rack.socket.send(RpcMessage::error(r1.id, code::kPowerFailed, "BMC said no"), 1000ms);
    BOOST_REQUIRE(second.wait_for(3000ms) == std::future_status::ready);
    BOOST_REQUIRE(first.wait_for(3000ms) == std::future_status::ready);
    const auto a2 = second.get();
    const auto a1 = first.get();
    BOOST_TEST(decodePowerResult(*a2.body).state == "on");
    BOOST_TEST(a1.code == code::kPowerFailed);
    BOOST_TEST(a1.text == "BMC said no");
}

BOOST_AUTO_TEST_CASE(region_calls_time_out_and_fail_on_close_or_unknown_rack) {
    Region region;
    auto unknown = region.server.call("nosuch", command::kPowerOn, powerArgs("m1"), 1000ms);
    BOOST_REQUIRE(unknown.wait_for(2000ms) == std::future_status::ready);
    BOOST_TEST(unknown.get().code == code::kNotConnected);

    RackConn rack(region, "rack-b");
    auto silent = region.server.call(rack.system_id, command::kPowerOn, powerArgs("m1"), 300ms);
    BOOST_REQUIRE(silent.wait_for(3000ms) == std::future_status::ready);
    BOOST_TEST(silent.get().code == code::kCallTimeout);

    auto lost = region.server.call(rack.system_id, command::kPowerOn, powerArgs("m1"), 5000ms);
    receive(rack.socket);
    rack.socket.close();
    BOOST_REQUIRE(lost.wait_for(3000ms) == std::future_status::ready);
    BOOST_TEST(lost.get().code == code::kConnectionLost);
}

BOOST_AUTO_TEST_CASE(rack_requests_reach_the_request_handler_once_registered) {
    auto sink = std::make_shared<MemorySink>();
    Logger logger{"regiond[0]", sink};
    MemoryRackDirectory directory{"uuid-1", "0.1.0"};
    RpcServer server(RpcServerOptions{"127.0.0.1", 0, kSecret, "0.1.0", 4096, 2000ms, 10000ms},
                     directory, logger);
    std::string seen_rack;
    server.setRequestHandler(
        [&](const RpcMessage& request, const std::string& rack) -> std::optional<RpcMessage> {
            if (request.command != command::kPowerStateReport)
                return std::nullopt;
            seen_rack = rack;
            return RpcMessage::reply(request.id, nullptr);
        });
    server.start();
    auto socket = connectRpc("127.0.0.1", server.port(), kSecret, 2000ms);
    auto session = handshake(socket, kSecret);
    const PowerStateReport report{"x", {{"m1", "on", ""}}, "", 0};
    socket.send(RpcMessage::request(session.nextId(), command::kPowerStateReport, toJson(report)),
                1000ms);
    BOOST_TEST(receive(socket).code == code::kUnknownCommand);  // not registered: not handled
    RegisterArgs args;
    args.hostname = "rack-c";
    args.version = "0.1.0";
    const auto id = registerRack(socket, session, args).system_id;
    socket.send(RpcMessage::request(session.nextId(), command::kPowerStateReport, toJson(report)),
                1000ms);
    BOOST_TEST((receive(socket).kind == MessageKind::Reply));
    BOOST_TEST(seen_rack == id);
}

BOOST_AUTO_TEST_CASE(calls_to_a_silent_rack_fail_before_their_timeout) {
    auto sink = std::make_shared<MemorySink>();
    Logger logger{"regiond[0]", sink};
    MemoryRackDirectory directory{"uuid-1", "0.1.0"};
    RpcServerOptions options{"127.0.0.1", 0, kSecret, "0.1.0", 4096, 2000ms, 10000ms};
    options.call_silence_limit = 600ms;
    RpcServer server(options, directory, logger);
    server.start();
    auto socket = connectRpc("127.0.0.1", server.port(), kSecret, 2000ms);
    auto session = handshake(socket, kSecret);
    RegisterArgs args;
    args.hostname = "rack-d";
    args.version = "0.1.0";
    const auto id = registerRack(socket, session, args).system_id;
    // The rack neither heartbeats nor answers (a crashed host keeps its TCP connection open).
    auto call = server.call(id, command::kPowerOn, powerArgs("m1"), 20000ms);
    BOOST_REQUIRE(call.wait_for(5000ms) == std::future_status::ready);
    BOOST_TEST(call.get().code == code::kConnectionLost);
}
