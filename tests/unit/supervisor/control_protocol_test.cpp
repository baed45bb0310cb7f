#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <boost/test/unit_test.hpp>

#include "maas/supervisor/control_protocol.h"

using namespace maas::supervisor;

namespace {

std::string errorOf(const std::string& line) {
    std::string error;
    auto r = parseControlRequest(line, error);
    return r ? "" : error;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(control_protocol)

BOOST_AUTO_TEST_CASE(text_requests) {
    std::string error;
    auto r = parseControlRequest("start kea-dhcp4 /var/lib/maas/dhcp/kea.conf", error);
    BOOST_REQUIRE(r);
    BOOST_TEST(r->command == "start");
    BOOST_TEST(r->service == "kea-dhcp4");
    BOOST_TEST(r->config == "/var/lib/maas/dhcp/kea.conf");
    BOOST_TEST(parseControlRequest("status", error)->command == "status");
    BOOST_TEST(parseControlRequest("restart regiond-1\r", error)->service == "regiond-1");
}

BOOST_AUTO_TEST_CASE(json_requests) {
    std::string error;
    auto r = parseControlRequest(
        R"({"command": "start", "arguments": {"service": "kea-dhcp4", "config": "/k.conf"}})",
        error);
    BOOST_REQUIRE(r);
    BOOST_TEST(r->service == "kea-dhcp4");
    BOOST_TEST(r->config == "/k.conf");
}

BOOST_AUTO_TEST_CASE(bad_requests_say_why) {
    BOOST_TEST(errorOf("") == "empty request");
    BOOST_TEST(errorOf("frobnicate") ==
               "unknown command 'frobnicate' (status, start, stop, restart, reload)");
    BOOST_TEST(errorOf("stop") == "stop: needs a service name");
    BOOST_TEST(errorOf("status rackd") == "status: takes no service name");
    BOOST_TEST(errorOf("stop rackd /x") == "stop: takes no configuration path");
    BOOST_TEST(errorOf("start a b c") == "start: too many arguments");
    BOOST_TEST(errorOf("{\"command\": 3}") == "command: must be a string");
    BOOST_TEST(errorOf("{nope").rfind("invalid JSON request", 0) == 0);
}

BOOST_AUTO_TEST_CASE(reply_envelope_and_status_are_valid_json) {
    Poco::JSON::Parser parser;
    auto reply =
        parser.parse(controlReply(false, "rackd: \"no\"")).extract<Poco::JSON::Object::Ptr>();
    BOOST_TEST(reply->getValue<int>("result") == 1);
    BOOST_TEST(reply->getValue<std::string>("text") == "rackd: \"no\"");
    BOOST_TEST(reply->getObject("arguments")->size() == 0u);

    ServiceStatus a{"rackd", ServiceState::Ready, 42, 3, "exit 1", true};
    ServiceStatus b{"regiond-0", ServiceState::Backoff, -1, 0, "", false};
    const auto text = controlReply(true, "ok", statusJson({a, b}, 7, "region+rack", false));
    auto parsed = parser.parse(text).extract<Poco::JSON::Object::Ptr>();
    auto args = parsed->getObject("arguments");
    BOOST_TEST(args->getValue<std::string>("mode") == "region+rack");
    auto services = args->getArray("services");
    BOOST_TEST(services->size() == 2u);
    auto first = services->getObject(0);
    BOOST_TEST(first->getValue<std::string>("state") == "ready");
    BOOST_TEST(first->getValue<int>("pid") == 42);
    BOOST_TEST(first->getValue<int>("restarts") == 3);
    BOOST_TEST(first->getValue<bool>("ready"));
    BOOST_TEST(services->getObject(1)->isNull("pid"));
    BOOST_TEST(services->getObject(1)->isNull("last_exit"));
}

BOOST_AUTO_TEST_SUITE_END()
