#include <boost/test/unit_test.hpp>

#include "maas/rpc/commands.h"
#include "maas/rpc/message.h"

using namespace maas::rpc;

BOOST_AUTO_TEST_SUITE(commands)

BOOST_AUTO_TEST_CASE(register_round_trip) {
    RegisterArgs args;
    args.hostname = "rack1";
    args.version = "0.1.0";
    args.interfaces.push_back(
        InterfaceInfo{"eth0", "physical", "52:54:00:12:34:56", {"192.0.2.5/24"}, 0, true, {}});
    args.interfaces.push_back(
        InterfaceInfo{"eth0.10", "vlan", "52:54:00:12:34:56", {}, 10, true, {"eth0"}});
    const auto decoded = decodeRegister(*toJson(args));
    BOOST_TEST(decoded.hostname == "rack1");
    BOOST_TEST(decoded.system_id.empty());
    BOOST_TEST(decoded.interfaces.size() == 2u);
    BOOST_TEST(decoded.interfaces[1].vid == 10);
    BOOST_TEST(decoded.interfaces[1].parents.at(0) == "eth0");
    BOOST_TEST(decoded.interfaces[0].addresses.at(0) == "192.0.2.5/24");
}

BOOST_AUTO_TEST_CASE(register_rejects_bad_fields_by_name) {
    auto check = [](const std::string& json, const std::string& expected) {
        const auto object = parseJsonObject(json, "test");
        try {
            decodeRegister(*object);
            BOOST_FAIL("accepted " + json);
        } catch (const MessageError& e) {
            BOOST_TEST(std::string(e.what()) == expected);
        }
    };
    check(R"({"version":"1"})", "RegisterRackController: hostname: missing");
    check(R"({"hostname":"","version":"1"})",
          "RegisterRackController: hostname: must not be empty");
    check(R"({"hostname":"h","version":"1","interfaces":[{"name":"e","mac_address":"zz"}]})",
          "RegisterRackController: interfaces[0]: mac_address: must be a lowercase MAC address "
          "like 52:54:00:12:34:56");
    check(R"({"hostname":"h","version":"1","interfaces":[{"name":"e","vid":5000}]})",
          "RegisterRackController: interfaces[0]: vid: must be between 0 and 4094");
    check(R"({"hostname":"h","version":"1","interfaces":{}})",
          "RegisterRackController: interfaces: must be a list of objects");
}

BOOST_AUTO_TEST_CASE(update_interfaces_round_trip_and_refusals) {
    UpdateInterfacesArgs args{
        "abc123",
        {InterfaceInfo{
            "eth0.42", "vlan", "52:54:00:12:34:56", {"198.51.100.7/24"}, 42, true, {"eth0"}}},
        {"192.0.2.1"}};
    const auto decoded = decodeUpdateInterfaces(*toJson(args));
    BOOST_TEST(decoded.system_id == "abc123");
    BOOST_TEST(decoded.interfaces.at(0).vid == 42);
    BOOST_TEST(decoded.interfaces.at(0).parents.at(0) == "eth0");
    BOOST_TEST(decoded.gateways.at(0) == "192.0.2.1");
    RegisterArgs reg;
    reg.hostname = "h";
    reg.version = "1";
    reg.gateways = {"192.0.2.1"};
    BOOST_TEST(decodeRegister(*toJson(reg)).gateways.at(0) == "192.0.2.1");
    auto refused = [](const std::string& json) {
        try {
            decodeUpdateInterfaces(*parseJsonObject(json, "test"));
        } catch (const MessageError& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    BOOST_TEST(refused(R"({"interfaces":[]})") == "UpdateInterfaces: system_id: missing");
    BOOST_TEST(refused(R"({"system_id":"a","interfaces":[{"name":"e","vid":4095}]})") ==
               "UpdateInterfaces: interfaces[0]: vid: must be between 0 and 4094");
    BOOST_TEST(refused(R"({"system_id":"a","interfaces":[1]})") ==
               "UpdateInterfaces: interfaces[0]: must be an object");
    BOOST_TEST(refused(R"({"system_id":"a","gateways":"x"})").find("gateways") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(version_numbers) {
    BOOST_TEST(parseVersion("0.1.0").major == 0);
    BOOST_TEST(parseVersion("3.7.2").minor == 7);
    BOOST_TEST(parseVersion("garbage").major == -1);
    BOOST_TEST(parseVersion("1.").minor == -1);
}

BOOST_AUTO_TEST_SUITE_END()
