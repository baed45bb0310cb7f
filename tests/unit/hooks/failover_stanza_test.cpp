#include <boost/test/unit_test.hpp>

#include "maas/hooks/failover_stanza.h"

using namespace maas::hooks;

namespace {

// As MAAS writes it for the primary rack of a VLAN.
constexpr const char* kPrimary = R"(failover peer "failover-vlan-5001" {
    primary;
    address 192.0.2.1;
    peer address 192.0.2.2;
    max-response-delay 60;
    max-unacked-updates 10;
    load balance max seconds 3;
    mclt 3600;
    split 255;
}
)";

std::string errorOf(const char* text) {
    try {
        parseFailoverStanza(text);
    } catch (const StanzaError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(failover_stanza)

BOOST_AUTO_TEST_CASE(maas_primary_stanza_converts) {
    FailoverStanza s = parseFailoverStanza(kPrimary);
    BOOST_TEST(s.name == "failover-vlan-5001");
    BOOST_TEST(std::get<std::string>(s.params.at("role")) == "primary");
    BOOST_TEST(std::get<std::string>(s.params.at("address")) == "192.0.2.1");
    BOOST_TEST(std::get<std::string>(s.params.at("peer-address")) == "192.0.2.2");
    BOOST_TEST(std::get<int64_t>(s.params.at("max-response-delay")) == 60);
    BOOST_TEST(std::get<int64_t>(s.params.at("load-balance-max-seconds")) == 3);
    BOOST_TEST(std::get<int64_t>(s.params.at("split")) == 255);
    s.params["secret-file"] = std::string("/var/lib/maas/secret");
    const HookParameters p = parseParameters(s.params);
    BOOST_TEST(p.mclt_seconds == 3600U);
    BOOST_TEST(p.max_unacked_updates == 10U);
}

BOOST_AUTO_TEST_CASE(secondary_with_ports_and_comments) {
    const char* text = R"(# generated
failover peer "f" {   # the pair
  secondary;
  address 192.0.2.2; peer address 192.0.2.1;
  port 1647; peer port 1648;
};)";
    FailoverStanza s = parseFailoverStanza(text);
    BOOST_TEST(std::get<std::string>(s.params.at("role")) == "secondary");
    BOOST_TEST(std::get<int64_t>(s.params.at("port")) == 1647);
    BOOST_TEST(std::get<int64_t>(s.params.at("peer-port")) == 1648);
}

BOOST_AUTO_TEST_CASE(json_output_is_a_parameters_object) {
    FailoverStanza s = parseFailoverStanza(kPrimary);
    const std::string json = parametersJson(s.params);
    BOOST_TEST(json.find("\"split\": 255") != std::string::npos);
    BOOST_TEST(json.find("\"peer-address\": \"192.0.2.2\"") != std::string::npos);
    BOOST_TEST(json.front() == '{');
    BOOST_TEST(json.back() == '}');
    BOOST_TEST(parametersJson({}) == "{}");
}

BOOST_AUTO_TEST_CASE(errors_give_the_line_and_the_statement) {
    BOOST_TEST(errorOf("failover peer \"x\" {\n primary;\n hba ff:ff;\n}") ==
               "line 3: unsupported statement 'hba ff:ff'");
    BOOST_TEST(errorOf("failover peer \"x\" {\n primary;\n mclt soon;\n}") ==
               "line 3: 'mclt' needs a non-negative number, got 'soon'");
    BOOST_TEST(errorOf("failover peer \"x\" {\n address 192.0.2.1;\n}") ==
               "line 3: neither 'primary' nor 'secondary' given");
    BOOST_TEST(errorOf("failover peer \"x\" {\n primary;\n split 1") ==
               "line 3: missing closing '}'");
    BOOST_TEST(errorOf("subnet 192.0.2.0 netmask 255.255.255.0 { }") ==
               "line 1: expected 'failover peer \"NAME\" {'");
    BOOST_TEST(errorOf("failover peer \"x\" {\n primary;\n primary;\n}") ==
               "line 3: primary/secondary given twice");
    BOOST_TEST(errorOf("failover peer \"x\" {\n primary;\n split 1\n}") ==
               "line 4: missing ';' before '}'");
    BOOST_TEST(errorOf("failover peer \"x\" {\n primary;\n}\n}") ==
               "line 4: text after the closing '}'");
    BOOST_TEST(errorOf("") == "line 1: expected 'failover peer \"NAME\" {'");
}

BOOST_AUTO_TEST_SUITE_END()
