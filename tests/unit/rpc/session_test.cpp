#include <boost/test/unit_test.hpp>

#include "maas/rpc/auth.h"
#include "maas/rpc/client_session.h"
#include "maas/rpc/commands.h"
#include "maas/rpc/server_session.h"

using namespace maas;
using namespace maas::rpc;

BOOST_AUTO_TEST_SUITE(session)

namespace {

Bytes secretA() {
    return fromHex("00112233445566778899aabbccddeeff");
}
Bytes secretB() {
    return fromHex("ffeeddccbbaa99887766554433221100");
}

// Delivers every message one side sends to the other until both are quiet.
struct Pair {
    ServerSession server;
    ClientSession client;
    ServerOutput last_server;
    ClientOutput last_client;

    Pair(Bytes server_secret, Bytes client_secret)
        : server(std::move(server_secret), "0.1.0"), client(std::move(client_secret), "0.1.0") {}

    void run() {
        auto to_server = client.start().send;
        for (int round = 0; round < 10 && !to_server.empty(); ++round) {
            std::vector<RpcMessage> to_client;
            for (const auto& m : to_server) {
                last_server = server.onPayload(encodeMessage(m));
                to_client.insert(to_client.end(), last_server.send.begin(), last_server.send.end());
            }
            to_server.clear();
            for (const auto& m : to_client) {
                last_client = client.onPayload(encodeMessage(m));
                to_server.insert(to_server.end(), last_client.send.begin(), last_client.send.end());
            }
        }
    }
};

}  // namespace

BOOST_AUTO_TEST_CASE(same_secret_verifies_both_sides) {
    Pair pair(secretA(), secretA());
    pair.run();
    BOOST_TEST(pair.server.verified());
    BOOST_TEST(pair.client.verified());
    BOOST_TEST(pair.client.peerVersion() == "0.1.0");
    BOOST_TEST(pair.server.peerVersion() == "0.1.0");
}

BOOST_AUTO_TEST_CASE(wrong_secret_is_refused_by_the_region_first) {
    Pair pair(secretA(), secretB());
    pair.run();
    BOOST_TEST(!pair.server.verified());
    BOOST_TEST((pair.last_server.action == ServerAction::RefuseAuthFailed));
    BOOST_TEST(pair.last_server.close);
    BOOST_TEST((pair.last_client.action == ClientAction::ReportRefused));
    BOOST_TEST(pair.last_client.error_code == code::kAuthFailed);
    BOOST_TEST((pair.client.state() == ClientState::Closed));
}

BOOST_AUTO_TEST_CASE(command_before_handshake_gets_only_the_refusal) {
    ServerSession server(secretA(), "0.1.0");
    const auto out = server.onPayload(encodeMessage(
        RpcMessage::request(1, command::kRegister, toJson(RegisterArgs{"", "h", {}, "0.1.0"}))));
    BOOST_TEST((out.action == ServerAction::RefuseUnauthenticated));
    BOOST_TEST(out.close);
    BOOST_TEST(!out.message.has_value());
    BOOST_REQUIRE(out.send.size() == 1u);
    BOOST_TEST(out.send[0].code == code::kUnauthenticated);
}

BOOST_AUTO_TEST_CASE(incompatible_protocol_names_both_versions) {
    ServerSession server(secretA(), "0.1.0");
    HelloArgs hello{kProtocolVersion + 1, "9.0.0", toHex(randomBytes(kNonceBytes))};
    const auto out =
        server.onPayload(encodeMessage(RpcMessage::request(1, "Hello", toJson(hello))));
    BOOST_TEST((out.action == ServerAction::RefuseIncompatible));
    BOOST_TEST(out.send.at(0).text ==
               "rack protocol 2 (version 9.0.0) is incompatible with region protocol 1 "
               "(version 0.1.0)");
}

BOOST_AUTO_TEST_CASE(a_region_answer_cannot_be_reflected_as_a_rack_answer) {
    const Bytes challenge = randomBytes(kNonceBytes);
    const auto region = makeProof(secretA(), ProofRole::Region, challenge);
    BOOST_TEST(verifyProof(secretA(), ProofRole::Region, challenge, region));
    BOOST_TEST(!verifyProof(secretA(), ProofRole::Rack, challenge, region));
    BOOST_TEST(!verifyProof(secretB(), ProofRole::Region, challenge, region));
}

BOOST_AUTO_TEST_CASE(garbage_closes_with_a_reason) {
    ServerSession server(secretA(), "0.1.0");
    const auto out = server.onPayload("\x01\x02garbage");
    BOOST_TEST((out.action == ServerAction::CloseBadMessage));
    BOOST_TEST(out.close);
    BOOST_TEST(out.send.at(0).code == code::kBadMessage);
}

BOOST_AUTO_TEST_CASE(client_refuses_region_requests_before_verification) {
    ClientSession client(secretA(), "0.1.0");
    client.start();
    const auto out =
        client.onPayload(encodeMessage(RpcMessage::request(5, command::kStopRack, nullptr)));
    BOOST_TEST((out.action == ClientAction::RefuseUnauthenticated));
    BOOST_TEST(!out.message.has_value());
    BOOST_TEST(out.close);
}

BOOST_AUTO_TEST_CASE(verified_server_dispatches_commands) {
    Pair pair(secretA(), secretA());
    pair.run();
    const auto out = pair.server.onPayload(encodeMessage(RpcMessage::request(
        pair.client.nextId(), command::kHeartbeat, toJson(HeartbeatArgs{"x"}))));
    BOOST_TEST((out.action == ServerAction::Dispatch));
    BOOST_TEST(out.message->command == command::kHeartbeat);
}

BOOST_AUTO_TEST_SUITE_END()
