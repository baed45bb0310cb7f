#include <boost/test/unit_test.hpp>

#include "maas/rpc/message.h"
#include "maas/rpc/power_commands.h"

using namespace maas::rpc;

namespace {

Poco::JSON::Object::Ptr parse(const std::string& text) {
    return parseJsonObject(text, "test");
}

std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const MessageError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(power_commands)

BOOST_AUTO_TEST_CASE(round_trips) {
    const PowerArgs args{"m1", "ipmi", {{"power_address", "192.0.2.1"}, {"power_pass", "x"}}};
    const auto back = decodePowerArgs(
        *parse(encodeMessage(RpcMessage::reply(1, toJson(args))))->getObject("result"), "PowerOn");
    BOOST_TEST(back.system_id == "m1");
    BOOST_TEST(back.parameters.at("power_address") == "192.0.2.1");

    PowerAssignments a;
    a.interval_ms = 2000;
    a.bmcs = {args, {"m2", "webhook", {}}};
    const auto assigned = decodePowerAssignments(*toJson(a));
    BOOST_TEST(assigned.interval_ms == 2000u);
    BOOST_TEST(assigned.bmcs.size() == 2u);

    const PowerStateReport r{"rack1", {{"m1", "on", ""}, {"m2", "error", "timeout"}}};
    const auto report = decodePowerStateReport(*toJson(r));
    BOOST_TEST(report.rack_system_id == "rack1");
    BOOST_TEST(report.changes[1].error == "timeout");
    BOOST_TEST(decodePowerResult(*toJson(PowerResult{"off"})).state == "off");
}

BOOST_AUTO_TEST_CASE(errors_name_the_field) {
    BOOST_TEST(errorOf([] { decodePowerArgs(*parse(R"({"power_type":"ipmi"})"), "PowerOn"); }) ==
               "PowerOn: system_id: missing");
    BOOST_TEST(errorOf([] {
                   decodePowerArgs(*parse(R"({"system_id":"m","power_type":"ipmi",
                                              "parameters":{"power_port":7}})"),
                                   "PowerOn");
               }) == "PowerOn: parameters: power_port: must be a string");
    BOOST_TEST(errorOf([] { decodePowerResult(*parse(R"({"state":"sideways"})")); }) ==
               "power reply: state: must be on, off or unknown");
    BOOST_TEST(errorOf([] {
                   decodePowerAssignments(*parse(R"({"interval_ms":5,"bmcs":[]})"));
               }).find("interval_ms: must be between") != std::string::npos);
    BOOST_TEST(errorOf([] {
                   decodePowerAssignments(*parse(R"({"interval_ms":500,"bmcs":{}})"));
               }) == "SetPowerAssignments: bmcs: must be a list");
    BOOST_TEST(errorOf([] {
                   decodePowerStateReport(
                       *parse(R"({"system_id":"r","changes":[{"system_id":"m","state":"x"}]})"));
               }) == "PowerStateReport: changes[0]: state: must be on, off, unknown or error");
}

BOOST_AUTO_TEST_CASE(a_report_sequence_round_trips_and_is_checked) {
    PowerStateReport r{"rack1", {{"m1", "on", ""}}, "0a1b", 7};
    const auto back = decodePowerStateReport(*toJson(r));
    BOOST_TEST(back.queue == "0a1b");
    BOOST_TEST(back.seq == 7);
    r.seq = 0;  // unsequenced: neither field on the wire
    BOOST_TEST(!toJson(r)->has("queue"));
    BOOST_TEST(decodePowerStateReport(*toJson(r)).seq == 0);
    auto bad = [](const char* json) {
        return errorOf([&] { decodePowerStateReport(*parse(json)); });
    };
    BOOST_TEST(bad(R"({"system_id":"r","changes":[],"queue":"ab"})") ==
               "PowerStateReport: seq: missing (queue given)");
    BOOST_TEST(bad(R"({"system_id":"r","changes":[],"seq":1})") ==
               "PowerStateReport: queue: missing");
    BOOST_TEST(bad(R"({"system_id":"r","changes":[],"queue":"XY","seq":1})") ==
               "PowerStateReport: queue: must be 1-64 characters of 0-9a-f");
    BOOST_TEST(bad(R"({"system_id":"r","changes":[],"queue":"ab","seq":0})") ==
               "PowerStateReport: seq: must be between 1 and 2^53");
    BOOST_TEST(bad(R"({"system_id":"r","changes":[],"queue":"ab","seq":"1"})") ==
               "PowerStateReport: seq: must be an integer");
    BOOST_TEST(bad(R"({"system_id":"r","changes":[],"queue":"ab","seq":9007199254740993})") ==
               "PowerStateReport: seq: must be between 1 and 2^53");
}

BOOST_AUTO_TEST_SUITE_END()
