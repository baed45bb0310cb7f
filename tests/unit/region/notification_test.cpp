#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Parser.h>

#include "maas/region/notify/notification_rules.h"

using namespace maas::region;
using namespace maas::region::notify;

namespace {

http::FormParams form(std::initializer_list<std::pair<const char*, const char*>> items) {
    http::FormParams p;
    for (const auto& [k, v] : items)
        p.add(k, v);
    return p;
}

Poco::JSON::Object::Ptr object(const std::string& json) {
    Poco::JSON::Parser parser;
    return parser.parse(json).extract<Poco::JSON::Object::Ptr>();
}

std::vector<std::string> idents(const HealthFacts& facts) {
    std::vector<std::string> out;
    for (const auto& r : raisedNotifications(facts))
        out.push_back(r.ident);
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(notifications)

BOOST_AUTO_TEST_CASE(form_defaults_and_fields) {
    api::FieldErrors errors;
    const auto f = readNotificationForm(
        form({{"message", "Hi {who}"}, {"context", R"({"who": "you"})"}, {"admins", "true"}}), {},
        errors);
    BOOST_TEST(errors.empty());
    BOOST_TEST(f.category == "info");
    BOOST_TEST(f.admins);
    BOOST_TEST(!f.users);
    BOOST_TEST(f.dismissable);
    BOOST_TEST(!f.ident.has_value());
}

BOOST_AUTO_TEST_CASE(form_refusals_name_their_field) {
    api::FieldErrors errors;
    readNotificationForm(form({{"category", "loud"}, {"context", "[1]"}, {"users", "maybe"}}), {},
                         errors);
    const auto& f = errors.fields();
    BOOST_TEST(f.contains("message"));
    BOOST_TEST(f.contains("category"));
    BOOST_TEST(f.at("context").front() == "Context is not a mapping.");
    BOOST_TEST(f.contains("users"));

    api::FieldErrors bad_json;
    readNotificationForm(form({{"message", "m"}, {"context", "{"}}), {}, bad_json);
    BOOST_TEST(bad_json.fields().at("context").front() == "Enter valid JSON.");

    api::FieldErrors long_ident;
    readNotificationForm(form({{"message", "m"}, {"ident", std::string(41, 'x').c_str()}}), {},
                         long_ident);
    BOOST_TEST(long_ident.fields().contains("ident"));

    api::FieldErrors unrenderable;
    readNotificationForm(form({{"message", "Hi {missing}"}}), {}, unrenderable);
    BOOST_TEST(unrenderable.fields().at("__all__").front() == "Notification cannot be rendered.");
}

BOOST_AUTO_TEST_CASE(update_keeps_fields_not_sent) {
    NotificationFields base;
    base.message = "old";
    base.category = "error";
    base.users = true;
    api::FieldErrors errors;
    const auto f = readNotificationForm(form({{"admins", "1"}}), base, errors);
    BOOST_TEST(errors.empty());
    BOOST_TEST(f.message == "old");
    BOOST_TEST(f.category == "error");
    BOOST_TEST(f.users);
    BOOST_TEST(f.admins);
}

BOOST_AUTO_TEST_CASE(render_rules_as_python_format) {
    const auto ctx = object(R"({"a": 1, "b": {"c": 2}})");
    BOOST_TEST(!renderProblem("plain", *ctx));
    BOOST_TEST(!renderProblem("{a} and {b[c]} {{literal}}", *ctx));
    BOOST_TEST(!renderProblem("{a!r:>5}", *ctx));
    BOOST_TEST(renderProblem("{}", *ctx).has_value());
    BOOST_TEST(renderProblem("{0}", *ctx).has_value());
    BOOST_TEST(renderProblem("{x}", *ctx).has_value());
    BOOST_TEST(renderProblem("open {a", *ctx).has_value());
    BOOST_TEST(renderProblem("close }", *ctx).has_value());
    BOOST_TEST(!renderProblem(escapeBraces("VLAN {odd} name}"), *object("{}")));
}

BOOST_AUTO_TEST_CASE(dead_rack_and_versions) {
    HealthFacts facts;
    facts.controllers = {{"r1", "region", false, "3.5.0", ""},
                         {"k1", "rack-a", true, "3.5.0", "dead"},
                         {"k2", "rack-b", true, "3.5.0", "running"}};
    BOOST_TEST(idents(facts) == std::vector<std::string>{"rack_dead:k1"});
    facts.controllers[2].version = "3.4.0";
    const auto raised = raisedNotifications(facts);
    BOOST_TEST(idents(facts) == (std::vector<std::string>{"rack_dead:k1", "version_mismatch"}));
    BOOST_TEST(raised[1].message ==
               "Controllers run different versions (3.4.0 on rack-b; 3.5.0 on rack-a, region). "
               "Upgrade them to one version.");
    BOOST_TEST(raised[0].category == "error");
}

BOOST_AUTO_TEST_CASE(dhcp_needs_one_live_server) {
    HealthFacts facts;
    VlanDhcpFact v{7, "fabric-1.untagged", {}};
    v.servers = {{"rack-a", "primary", "dead", "unknown"},
                 {"rack-b", "secondary", "running", "running"}};
    facts.dhcp_vlans = {v};
    BOOST_TEST(idents(facts).empty());
    facts.dhcp_vlans[0].servers[1].dhcpd_status = "degraded";
    const auto raised = raisedNotifications(facts);
    BOOST_TEST(idents(facts) == std::vector<std::string>{"dhcp_no_server:7"});
    BOOST_TEST(raised[0].message ==
               "DHCP is enabled on VLAN fabric-1.untagged, but no rack controller serves it: "
               "primary rack-a is dead, secondary rack-b's dhcpd is degraded.");
}

BOOST_AUTO_TEST_CASE(crash_loop_threshold) {
    HealthFacts facts;
    facts.service_falls = {{"k1", "rack-a", "dhcpd", kCrashLoopFalls - 1, "degraded"}};
    BOOST_TEST(idents(facts).empty());
    facts.service_falls[0].falls = kCrashLoopFalls;
    BOOST_TEST(idents(facts) == std::vector<std::string>{"service_crashloop:k1:dhcpd"});
}

BOOST_AUTO_TEST_CASE(tls_expiry_warns_then_errs) {
    HealthFacts facts;
    facts.now = std::chrono::system_clock::from_time_t(1'800'000'000);
    facts.tls = TlsFact{"/CN=maas", facts.now + std::chrono::hours(24 * 31)};
    BOOST_TEST(idents(facts).empty());
    facts.tls->not_after = facts.now + std::chrono::hours(24 * 12 + 1);
    auto raised = raisedNotifications(facts);
    BOOST_TEST(raised.at(0).category == "warning");
    BOOST_TEST(raised[0].message.find("expires in 12 days") != std::string::npos);
    facts.tls->not_after = facts.now - std::chrono::hours(1);
    raised = raisedNotifications(facts);
    BOOST_TEST(raised.at(0).category == "error");
    BOOST_TEST(raised[0].message.find("expired on") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(messages_with_braces_render_to_themselves) {
    HealthFacts facts;
    facts.controllers = {{"k1", "rack-{x}", true, "", "dead"}};
    const auto raised = raisedNotifications(facts);
    BOOST_TEST(!renderProblem(raised.at(0).message, *object(raised[0].context_json)));
}

BOOST_AUTO_TEST_SUITE_END()
