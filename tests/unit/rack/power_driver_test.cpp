#include <boost/test/unit_test.hpp>

#include "maas/rack/power/ipmi_driver.h"
#include "maas/rack/power/poll_schedule.h"
#include "maas/rack/power/webhook_driver.h"

using namespace maas::rack::power;
using namespace std::chrono_literals;

namespace {

/// Scripted runner: records the invocation, answers with the queued result.
struct FakeRunner : CommandRunner {
    CommandResult next;
    std::vector<std::string> argv;
    std::map<std::string, std::string> environment;
    CommandResult run(const std::vector<std::string>& a,
                      const std::map<std::string, std::string>& e,
                      std::chrono::milliseconds) override {
        argv = a;
        environment = e;
        return next;
    }
};

struct FakeHttp : BmcHttpClient {
    HttpResult next;
    std::string method, url;
    std::map<std::string, std::string> headers;
    bool verify = false;
    HttpResult request(const std::string& m, const std::string& u,
                       const std::map<std::string, std::string>& h, std::chrono::milliseconds,
                       bool verify_tls) override {
        method = m;
        url = u;
        headers = h;
        verify = verify_tls;
        return next;
    }
};

const Parameters kIpmi{{"power_address", "192.0.2.9"},
                       {"power_port", "6230"},
                       {"power_user", "admin"},
                       {"power_pass", "s3cret"}};

bool contains(const std::vector<std::string>& argv, const std::string& word) {
    return std::find(argv.begin(), argv.end(), word) != argv.end();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ipmi)

BOOST_AUTO_TEST_CASE(invocation_uses_lanplus_cipher_3_and_keeps_the_password_off_argv) {
    const auto inv = ipmiInvocation(PowerAction::On, kIpmi);
    const std::vector<std::string> want{"ipmitool", "-I",   "lanplus", "-H",    "192.0.2.9",
                                        "-p",       "6230", "-U",      "admin", "-E",
                                        "-C",       "3",    "chassis", "power", "on"};
    BOOST_TEST(inv.argv == want);
    BOOST_TEST(!contains(inv.argv, "s3cret"));
    BOOST_TEST(inv.environment.at("IPMI_PASSWORD") == "s3cret");
    auto lan = kIpmi;
    lan["power_driver"] = "LAN";
    const auto lan_inv = ipmiInvocation(PowerAction::Query, lan);
    BOOST_TEST(contains(lan_inv.argv, "lan"));
    BOOST_TEST(!contains(lan_inv.argv, "-C"));
    BOOST_TEST(lan_inv.argv.back() == "status");
}

BOOST_AUTO_TEST_CASE(invocation_applies_maas_ipmi_settings_with_the_key_off_argv) {
    auto p = kIpmi;
    p["privilege_level"] = "ADMIN";
    p["k_g"] = "0x1234kg";
    p["power_off_mode"] = "soft";
    const auto inv = ipmiInvocation(PowerAction::Off, p);
    BOOST_TEST(contains(inv.argv, "ADMINISTRATOR"));
    BOOST_TEST(contains(inv.argv, "-K"));
    BOOST_TEST(!contains(inv.argv, "0x1234kg"));
    BOOST_TEST(inv.environment.at("IPMI_KGKEY") == "0x1234kg");
    BOOST_TEST(inv.argv.back() == "soft");
    p["power_off_mode"] = "hard";
    BOOST_TEST(ipmiInvocation(PowerAction::Off, p).argv.back() == "off");
    BOOST_TEST(ipmiInvocation(PowerAction::On, p).argv.back() == "on");
    p["privilege_level"] = "ROOT";
    BOOST_CHECK_THROW(ipmiInvocation(PowerAction::On, p), PowerError);
}

BOOST_AUTO_TEST_CASE(invocation_refuses_bad_addresses_and_ports) {
    auto p = kIpmi;
    p["power_address"] = "-oProxyCommand";
    BOOST_CHECK_THROW(ipmiInvocation(PowerAction::On, p), PowerError);
    p = kIpmi;
    p["power_port"] = "70000";
    BOOST_CHECK_THROW(ipmiInvocation(PowerAction::On, p), PowerError);
    p = kIpmi;
    p["cipher_suite_id"] = "3;rm";
    BOOST_CHECK_THROW(ipmiInvocation(PowerAction::On, p), PowerError);
}

BOOST_AUTO_TEST_CASE(parses_chassis_power_state) {
    BOOST_TEST(parseIpmiPowerState("Chassis Power is on\n") == "on");
    BOOST_TEST(parseIpmiPowerState("Chassis Power is off\n") == "off");
    BOOST_TEST(parseIpmiPowerState("garbage").empty());
}

BOOST_AUTO_TEST_CASE(driver_reports_the_bmc_message) {
    FakeRunner runner;
    IpmiDriver driver(runner, 5s);
    runner.next = {0, false, "Chassis Power is on\n"};
    BOOST_TEST(driver.perform(PowerAction::Query, kIpmi) == "on");
    runner.next = {1, false, "Error: Unable to establish IPMI v2 / RMCP+ session\n"};
    try {
        driver.perform(PowerAction::On, kIpmi);
        BOOST_FAIL("expected PowerError");
    } catch (const PowerError& e) {
        const std::string text = e.what();
        BOOST_TEST(text.find("ipmi 192.0.2.9:6230: Error: Unable to establish IPMI v2") == 0);
        BOOST_TEST(text.find("power_pass") != std::string::npos);
    }
    runner.next = {-1, true, ""};
    BOOST_CHECK_THROW(driver.perform(PowerAction::Off, kIpmi), PowerError);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(webhook)

BOOST_AUTO_TEST_CASE(auth_headers) {
    BOOST_TEST(webhookHeaders({{"power_token", "t0k"}}).at("Authorization") == "Bearer t0k");
    BOOST_TEST(webhookHeaders({{"power_user", "u"}, {"power_pass", "p"}}).at("Authorization") ==
               "Basic dTpw");
    BOOST_TEST(webhookHeaders({}).empty());
}

BOOST_AUTO_TEST_CASE(state_from_body) {
    BOOST_TEST(webhookStateFromBody(R"({"status": "running"})", {}) == "on");
    BOOST_TEST(webhookStateFromBody(R"({"status": "stopped"})", {}) == "off");
    BOOST_TEST(webhookStateFromBody("???", {}) == "unknown");
    BOOST_TEST(webhookStateFromBody("power=1", {{"power_on_regex", "power=1"}}) == "on");
    BOOST_CHECK_THROW(webhookStateFromBody("x", {{"power_on_regex", "("}}), PowerError);
}

BOOST_AUTO_TEST_CASE(driver_calls_the_urls_and_reports_http_errors) {
    FakeHttp http;
    WebhookDriver driver(http, 5s);
    const Parameters p{{"power_on_uri", "http://198.51.100.1/on"},
                       {"power_off_uri", "http://198.51.100.1/off"},
                       {"power_query_uri", "http://198.51.100.1/q"}};
    http.next = {200, "OK", ""};
    BOOST_TEST(driver.perform(PowerAction::On, p) == "on");
    BOOST_TEST(http.method == "POST");
    BOOST_TEST(http.url == "http://198.51.100.1/on");
    BOOST_TEST(http.verify);  // certificates are checked unless power_verify_ssl=n
    auto lax = p;
    lax["power_verify_ssl"] = "n";
    driver.perform(PowerAction::On, lax);
    BOOST_TEST(!http.verify);
    http.next = {200, "OK", R"({"status":"stopped"})"};
    BOOST_TEST(driver.perform(PowerAction::Query, p) == "off");
    BOOST_TEST(http.method == "GET");
    http.next = {401, "Unauthorized", "bad token"};
    try {
        driver.perform(PowerAction::Off, p);
        BOOST_FAIL("expected PowerError");
    } catch (const PowerError& e) {
        BOOST_TEST(std::string(e.what()) ==
                   "webhook http://198.51.100.1/off: HTTP 401 Unauthorized: bad token");
    }
    BOOST_TEST(driver.perform(PowerAction::Query, {}) == "unknown");
    BOOST_CHECK_THROW(driver.perform(PowerAction::On, {}), PowerError);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(poll_schedule)

namespace {

maas::rpc::PowerAssignments assignment(int n, uint32_t interval_ms) {
    maas::rpc::PowerAssignments a;
    a.interval_ms = interval_ms;
    for (int i = 0; i < n; ++i) {
        a.bmcs.push_back({"m" + std::to_string(i), "webhook", {}});
    }
    return a;
}

}  // namespace

BOOST_AUTO_TEST_CASE(new_bmcs_are_polled_within_a_tenth_then_every_interval_jittered) {
    double r = 0.999;
    PollSchedule s([&] { return r; });
    const auto t0 = PollSchedule::Clock::now();
    s.assign(assignment(3, 10000), t0);
    BOOST_TEST(s.takeDue(t0).empty());
    const auto first = s.takeDue(t0 + 1000ms);
    BOOST_TEST(first.size() == 3u);
    BOOST_TEST(s.takeDue(t0 + 1000ms).empty());  // in flight
    r = 0.0;
    BOOST_TEST(s.complete("m0", "on", "", t0 + 1000ms).has_value());
    BOOST_TEST(s.takeDue(t0 + 9800ms).empty());  // 0.9 * interval later
    BOOST_TEST(s.takeDue(t0 + 10000ms).size() == 1u);
}

BOOST_AUTO_TEST_CASE(reassignment_keeps_schedules_and_drops_removed_bmcs) {
    PollSchedule s([] { return 0.5; });
    const auto t0 = PollSchedule::Clock::now();
    s.assign(assignment(3, 10000), t0);
    s.takeDue(t0 + 1000ms);
    s.assign(assignment(2, 10000), t0 + 1000ms);
    BOOST_TEST(s.size() == 2u);
    BOOST_TEST(!s.complete("m2", "on", "", t0 + 1100ms).has_value());  // no longer ours
    BOOST_TEST(s.complete("m1", "off", "", t0 + 1100ms)->state == "off");
}

BOOST_AUTO_TEST_SUITE_END()
