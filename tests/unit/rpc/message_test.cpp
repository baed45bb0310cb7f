#include <boost/test/unit_test.hpp>

#include "maas/rpc/message.h"

using namespace maas::rpc;

BOOST_AUTO_TEST_SUITE(message)

namespace {
std::string errorOf(const std::string& payload) {
    try {
        decodeMessage(payload);
    } catch (const MessageError& e) {
        return e.what();
    }
    return "";
}
}  // namespace

BOOST_AUTO_TEST_CASE(request_round_trip) {
    Poco::JSON::Object::Ptr args = new Poco::JSON::Object;
    args->set("system_id", "abc123");
    const auto decoded = decodeMessage(encodeMessage(RpcMessage::request(7, "Heartbeat", args)));
    BOOST_TEST((decoded.kind == MessageKind::Request));
    BOOST_TEST(decoded.id == 7u);
    BOOST_TEST(decoded.command == "Heartbeat");
    BOOST_TEST(decoded.body->getValue<std::string>("system_id") == "abc123");
}

BOOST_AUTO_TEST_CASE(error_round_trip) {
    const auto decoded = decodeMessage(encodeMessage(RpcMessage::error(3, "bad-request", "why")));
    BOOST_TEST((decoded.kind == MessageKind::Error));
    BOOST_TEST(decoded.code == "bad-request");
    BOOST_TEST(decoded.text == "why");
}

BOOST_AUTO_TEST_CASE(errors_name_the_field) {
    BOOST_TEST(errorOf("[1]") == "message: must be a JSON object");
    BOOST_TEST(errorOf("not json").find("message: not valid JSON") == 0u);
    BOOST_TEST(errorOf(R"({"id":1})") == "message: kind: missing");
    BOOST_TEST(errorOf(R"({"kind":"request"})") == "message: id: missing");
    BOOST_TEST(errorOf(R"({"kind":"request","id":-1,"command":"X","args":{}})") ==
               "message: id: must be a non-negative integer");
    BOOST_TEST(errorOf(R"({"kind":"request","id":"1","command":"X","args":{}})") ==
               "message: id: must be a non-negative integer");
    BOOST_TEST(errorOf(R"({"kind":"request","id":1,"command":"a b","args":{}})") ==
               "message: command: must be letters, digits, '-' or '_'");
    BOOST_TEST(errorOf(R"({"kind":"request","id":1,"command":"X","args":[]})") ==
               "message: args: must be an object");
    BOOST_TEST(errorOf(R"({"kind":"shout","id":1})") ==
               "message: kind: must be request, reply or error");
}

BOOST_AUTO_TEST_CASE(deep_nesting_is_refused_not_recursed) {
    std::string deep(100000, '[');
    BOOST_TEST(errorOf(R"({"kind":"request","id":1,"command":"X","args":{"a":)" + deep + "}}")
                   .find("not valid JSON") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
