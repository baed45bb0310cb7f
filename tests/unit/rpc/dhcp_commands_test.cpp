#include <boost/test/unit_test.hpp>

#include "maas/rpc/dhcp_commands.h"
#include "maas/rpc/message.h"

using namespace maas::rpc;

namespace {

std::string problem(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const MessageError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(dhcp_commands)

BOOST_AUTO_TEST_CASE(round_trips) {
    const GetDhcpConfigArgs args{"abc123", "/d", "/l.so", "/h.so", "/s", "/e.sock"};
    const auto a = decodeGetDhcpConfig(*toJson(args));
    BOOST_TEST(a.system_id == "abc123");
    BOOST_TEST(a.event_socket == "/e.sock");
    DhcpConfigResult r{42, true, "{\"Dhcp4\": {}}", {"one warning"}};
    const auto decoded = decodeDhcpConfigResult(*toJson(r));
    BOOST_TEST(decoded.generation == 42);
    BOOST_TEST(decoded.serving);
    BOOST_TEST(decoded.config == r.config);
    BOOST_TEST(decoded.warnings.at(0) == "one warning");
    const auto s = decodeDhcpStatus(*toJson(DhcpStatusArgs{"abc123", "degraded", "kea says no"}));
    BOOST_TEST(s.status == "degraded");
    BOOST_TEST(s.info == "kea says no");
    LeaseEventsArgs ev{"abc123", {{"commit", "192.0.2.5", "52:54:00:00:00:01", "node", 99}}};
    const auto e = decodeLeaseEvents(*toJson(ev));
    BOOST_TEST(e.events.at(0).ip == "192.0.2.5");
    BOOST_TEST(e.events.at(0).expires == 99);
    BOOST_TEST(decodeHeartbeatReply(heartbeatReplyJson(5).get()) == 5);
    BOOST_TEST(decodeHeartbeatReply(nullptr) == 0);
    Poco::JSON::Object empty;
    BOOST_TEST(decodeHeartbeatReply(&empty) == 0);  // a region without DHCP
}

BOOST_AUTO_TEST_CASE(rejects_bad_fields_by_name) {
    auto obj = [](const std::string& json) { return parseJsonObject(json, "test"); };
    BOOST_TEST(problem([&] {
                   decodeGetDhcpConfig(
                       *obj(R"({"system_id":"a","data_dir":"relative","lease_cmds_library":"/l",)"
                            R"("ha_hook_library":"/h","secret_file":"/s","event_socket":"/e"})"));
               }) == "GetDHCPConfig: data_dir: must be an absolute path");
    BOOST_TEST(problem([&] { decodeGetDhcpConfig(*obj(R"({"system_id":"a"})")); }) ==
               "GetDHCPConfig: data_dir: missing");
    BOOST_TEST(problem([&] { decodeDhcpStatus(*obj(R"({"system_id":"a","status":"happy"})")); }) ==
               "DHCPStatus: status: must be one of running, degraded, dead, off, unknown");
    BOOST_TEST(problem([&] {
                   decodeLeaseEvents(
                       *obj(R"({"system_id":"a","events":[{"action":"steal","ip":"x","mac":"m",)"
                            R"("expires":1}]})"));
               }) ==
               "LeaseEvents: events[0]: action: must be one of commit, release, "
               "decline, expire");
    BOOST_TEST(problem([&] {
                   decodeDhcpConfigResult(
                       *obj(R"({"generation":1,"serving":true,"config":"","warnings":[]})"));
               }) == "GetDHCPConfig reply: config: must not be empty when serving");
    BOOST_TEST(problem([&] {
                   decodeDhcpConfigResult(*obj(R"({"generation":-1,"serving":false})"));
               }).find("generation: must be between 0") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(sequenced_lease_events) {
    LeaseEventsArgs ev{"abc123",
                       {{"commit", "192.0.2.5", "m", "", 1}, {"expire", "192.0.2.6", "m", "", 2}},
                       "0af3",
                       41};
    const auto e = decodeLeaseEvents(*toJson(ev));
    BOOST_TEST(e.spool == "0af3");
    BOOST_TEST(e.first_seq == 41);
    BOOST_TEST(decodeLeaseEvents(*toJson(LeaseEventsArgs{"a", {}})).first_seq == 0);  // unsequenced
    // The region's replay rule: what it already applied is skipped, never more than the batch.
    BOOST_TEST(leaseEventsAlreadyApplied(e, 0) == 0u);
    BOOST_TEST(leaseEventsAlreadyApplied(e, 40) == 0u);
    BOOST_TEST(leaseEventsAlreadyApplied(e, 41) == 1u);
    BOOST_TEST(leaseEventsAlreadyApplied(e, 42) == 2u);
    BOOST_TEST(leaseEventsAlreadyApplied(e, 900) == 2u);
    BOOST_TEST(leaseEventsAlreadyApplied(LeaseEventsArgs{"a", e.events}, 900) == 0u);
    BOOST_TEST(decodeLeaseEventsReply(leaseEventsReplyJson(42).get()).value() == 42);
    BOOST_TEST(!decodeLeaseEventsReply(nullptr));  // a region without sequences
    auto obj = [](const std::string& json) { return parseJsonObject(json, "test"); };
    BOOST_TEST(problem([&] {
                   decodeLeaseEvents(*obj(R"({"system_id":"a","spool":"XY","first_seq":1})"));
               }) == "LeaseEvents: spool: must be 1-64 characters of 0-9a-f");
    BOOST_TEST(problem([&] {
                   decodeLeaseEvents(*obj(R"({"system_id":"a","spool":"ab","first_seq":0})"));
               }).find("LeaseEvents: first_seq: must be between 1") == 0);
    BOOST_TEST(problem([&] { decodeLeaseEvents(*obj(R"({"system_id":"a","spool":"ab"})")); }) ==
               "LeaseEvents: first_seq: missing (spool given)");
    BOOST_TEST(problem([&] {
                   decodeLeaseEvents(*obj(
                       R"({"system_id":"a","spool":"ab","first_seq":9007199254740992,"events":)"
                       R"([{"action":"commit","ip":"x","mac":"m","expires":1},)"
                       R"({"action":"commit","ip":"x","mac":"m","expires":1}]})"));
               }).find("first_seq: the batch's last sequence number passes") != std::string::npos);
    BOOST_TEST(problem([&] {
                   decodeLeaseEventsReply(obj(R"({"applied_seq":-1})").get());
               }).find("LeaseEvents reply: applied_seq") == 0);
}

BOOST_AUTO_TEST_SUITE_END()
