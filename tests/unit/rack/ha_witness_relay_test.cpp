#include <Poco/JSON/Parser.h>

#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>

#include "maas/rack/ha_witness_relay.h"
#include "maas/rpc/commands.h"

using namespace maas::rack;
namespace mr = maas::rpc;
using Poco::JSON::Object;

namespace {

Object::Ptr parse(const std::string& json) {
    return Poco::JSON::Parser().parse(json).extract<Object::Ptr>();
}

const char* kStatus = R"({"result": 0, "text": "maas-ha status", "arguments": {
    "state": "communications-interrupted", "partner-state": "unknown", "role": "secondary",
    "link": "down", "backlog": 2, "last-contact-ms-ago": 6100,
    "counters": {"ack-latency-avg-us": 350},
    "witness": {"holds-partner-leases": true, "allocation": "renew-only"},
    "last-failover": {"ms-ago": -1, "reason": ""}}})";

// Kea's control socket as the relay sees it: records commands, answers from a script.
struct ScriptedKea : KeaCommands {
    std::vector<std::string> sent;
    std::string status = kStatus;
    std::string partner_down = R"({"result": 0, "text": "state is now partner-down"})";
    bool running = true;
    std::optional<Object::Ptr> send(const std::string& json) override {
        sent.push_back(json);
        if (!running)
            return std::nullopt;
        const auto command = parse(json)->getValue<std::string>("command");
        if (command == "maas-ha-status")
            return parse(status);
        if (command == "maas-ha-partner-down")
            return parse(partner_down);
        return parse(R"({"result": 0, "text": "ok"})");
    }
};

struct NoHandler : RegionRequestHandler {
    bool handles(const std::string& command) const override { return command == "PowerOn"; }
    void handle(const mr::RpcMessage&, Reply) override { ++calls; }
    int calls = 0;
};

struct Fixture {
    ScriptedKea kea;
    std::vector<mr::DhcpHaStatusArgs> reports;
    std::shared_ptr<NoHandler> power = std::make_shared<NoHandler>();
    maas::Logger logger{"test", std::make_shared<maas::MemorySink>()};
    HaWitnessRelay relay{kea,
                         [this](const mr::DhcpHaStatusArgs& s) {
                             reports.push_back(s);
                             return true;
                         },
                         [] { return std::string("abc123"); },
                         power,
                         logger,
                         {},
                         std::chrono::hours(1)};
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(ha_witness_relay, Fixture)

BOOST_AUTO_TEST_CASE(reports_the_hooks_state_and_no_witness_before_any_ack) {
    relay.runOnce();
    BOOST_REQUIRE(kea.sent.size() == 1U);  // status only: no contact to vouch for yet
    BOOST_REQUIRE(reports.size() == 1U);
    const auto& r = reports[0];
    BOOST_TEST(r.system_id == "abc123");
    BOOST_TEST(r.state == "communications-interrupted");
    BOOST_TEST(r.role == "secondary");
    BOOST_TEST(!r.link_up);
    BOOST_TEST(r.backlog == 2);
    BOOST_TEST(r.holds_partner_leases);
    BOOST_TEST(r.ack_latency_avg_us == 350);
    // The report survives the wire.
    const auto back = mr::decodeDhcpHaStatus(*mr::toJson(r));
    BOOST_TEST(back.allocation == "renew-only");
}

BOOST_AUTO_TEST_CASE(writes_the_status_for_maas_status) {
    const auto dir =
        std::filesystem::temp_directory_path() / ("ha-relay-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    HaWitnessRelay writer{kea,
                          [](const mr::DhcpHaStatusArgs&) { return true; },
                          [] { return std::string("abc123"); },
                          power,
                          logger,
                          dir / "dhcp-ha.json",
                          std::chrono::hours(1)};
    writer.runOnce();
    std::ifstream in(dir / "dhcp-ha.json");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    BOOST_TEST(mr::decodeDhcpHaStatus(*parse(text)).state == "communications-interrupted");
    // The hook's lease-event counters, in any role (standalone has no HA status).
    std::filesystem::remove(dir / "dhcp-ha.json");
    kea.status = R"({"result": 0, "arguments": {"role": "standalone", "state": "standalone",
        "lease-events": {"buffered": 3, "unacked": 2, "sent": 9, "acked": 7, "resent": 1,
                         "dropped": 0}}})";
    writer.runOnce();
    std::ifstream events_in(dir / kLeaseEventsStatusFile);
    const auto events = parse(
        std::string((std::istreambuf_iterator<char>(events_in)), std::istreambuf_iterator<char>()));
    BOOST_TEST(events->getValue<int>("unacked") == 2);
    BOOST_TEST(events->getValue<int>("resent") == 1);
    BOOST_TEST(!std::filesystem::exists(dir / "dhcp-ha.json"));
    std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(passes_the_newest_acknowledged_send_time) {
    const auto t0 = std::chrono::steady_clock::time_point(std::chrono::milliseconds(5000));
    relay.heartbeatAcked(t0 + std::chrono::milliseconds(2000));
    relay.heartbeatAcked(t0);  // an older answer arriving late never moves the lease back
    relay.runOnce();
    BOOST_REQUIRE(!kea.sent.empty());
    const auto witness = parse(kea.sent[0]);
    BOOST_TEST(witness->getValue<std::string>("command") == "maas-ha-witness");
    BOOST_TEST(witness->getObject("arguments")->getValue<int64_t>("contact-ms") == 7000);
}

BOOST_AUTO_TEST_CASE(standalone_or_stopped_kea_reports_nothing) {
    kea.status = R"({"result": 0, "arguments": {"role": "standalone", "state": "standalone"}})";
    relay.runOnce();
    kea.status = R"({"result": 1, "text": "unknown command"})";
    relay.runOnce();
    kea.running = false;
    relay.runOnce();
    BOOST_TEST(reports.empty());
}

BOOST_AUTO_TEST_CASE(the_witness_order_reaches_the_hook_and_is_answered) {
    std::vector<mr::RpcMessage> replies;
    BOOST_TEST(relay.handles(mr::command::kDhcpPartnerDown));
    relay.handle(mr::RpcMessage::request(9, mr::command::kDhcpPartnerDown,
                                         mr::toJson(mr::DhcpPartnerDownArgs{1500})),
                 [&](const mr::RpcMessage& m) { replies.push_back(m); });
    BOOST_TEST(replies.empty());  // carried out on the relay's thread, not the link's
    relay.runOnce();
    BOOST_REQUIRE(replies.size() == 1U);
    BOOST_TEST((replies[0].kind == mr::MessageKind::Reply));
    BOOST_TEST(replies[0].body->getValue<std::string>("text") == "state is now partner-down");
    const auto order = parse(kea.sent[0]);
    BOOST_TEST(order->getValue<std::string>("command") == "maas-ha-partner-down");
    BOOST_TEST(order->getObject("arguments")->getValue<int64_t>("fence-wait-ms") == 1500);
}

BOOST_AUTO_TEST_CASE(hostile_or_failed_orders_are_refused_and_change_nothing) {
    std::vector<mr::RpcMessage> replies;
    auto keep = [&](const mr::RpcMessage& m) { replies.push_back(m); };
    for (const char* args : {R"({"fence_wait_ms": -1})", R"({"fence_wait_ms": 600001})",
                             R"({"fence_wait_ms": "10"})", R"({})"}) {
        relay.handle(mr::RpcMessage::request(1, mr::command::kDhcpPartnerDown, parse(args)), keep);
    }
    BOOST_REQUIRE(replies.size() == 4U);
    for (const auto& m : replies) {
        BOOST_TEST(m.code == mr::code::kBadRequest);
        BOOST_TEST(m.text.find("fence_wait_ms") != std::string::npos);
    }
    relay.runOnce();
    for (const auto& s : kea.sent)
        BOOST_TEST(s.find("partner-down") == std::string::npos);
    // Kea refusing (or gone) is the region's error, with Kea's text.
    replies.clear();
    kea.partner_down = R"({"result": 1, "text": "maas-ha not loaded"})";
    relay.handle(mr::RpcMessage::request(2, mr::command::kDhcpPartnerDown,
                                         mr::toJson(mr::DhcpPartnerDownArgs{0})),
                 keep);
    relay.runOnce();
    BOOST_REQUIRE(replies.size() == 1U);
    BOOST_TEST(replies[0].code == mr::code::kInternal);
    BOOST_TEST(replies[0].text == "maas-ha not loaded");
}

BOOST_AUTO_TEST_CASE(other_requests_go_to_the_next_handler) {
    BOOST_TEST(relay.handles("PowerOn"));
    BOOST_TEST(!relay.handles("Nonsense"));
    relay.handle(mr::RpcMessage::request(3, "PowerOn", new Object), [](const mr::RpcMessage&) {});
    BOOST_TEST(power->calls == 1);
}

BOOST_AUTO_TEST_SUITE_END()
