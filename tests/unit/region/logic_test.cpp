#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "maas/common/json_writer.h"
#include "maas/region/api/discovery.h"
#include "maas/region/api/fields.h"
#include "maas/region/api/power.h"
#include "maas/region/api/shapes.h"
#include "maas/region/auth/password.h"
#include "maas/region/db/migrations.h"
#include "maas/region/http/metrics.h"

using namespace maas::region;

BOOST_AUTO_TEST_SUITE(logic)

BOOST_AUTO_TEST_CASE(migration_plan) {
    const std::vector<db::Migration> known{
        {1, "0001_a", ""}, {2, "0002_b", ""}, {20, "0020_c", ""}};
    auto plan = db::planMigrations({}, known);
    BOOST_TEST(plan.pending.size() == 3u);
    plan = db::planMigrations({1, 2}, known);
    BOOST_REQUIRE(plan.pending.size() == 1u);
    BOOST_TEST(plan.pending.front()->number == 20);
    BOOST_CHECK_THROW(db::planMigrations({1, 2, 21}, known), db::SchemaTooNew);
    BOOST_CHECK_THROW(db::planMigrations({3}, known), db::SchemaTooNew);
}

BOOST_AUTO_TEST_CASE(embedded_migrations_are_numbered_from_one) {
    const auto& m = db::embeddedMigrations();
    BOOST_REQUIRE(!m.empty());
    BOOST_TEST(m.front().number == 1);
    BOOST_TEST(m.front().name == "0001_initial");
}

BOOST_AUTO_TEST_CASE(passwords) {
    const auto hash = auth::hashPassword("s3cret", 1000);
    BOOST_TEST(hash.starts_with("pbkdf2_sha256$1000$"));
    BOOST_TEST(auth::verifyPassword("s3cret", hash));
    BOOST_TEST(!auth::verifyPassword("s3creT", hash));
    BOOST_TEST(!auth::verifyPassword("s3cret", "garbage"));
    BOOST_TEST(auth::hashPassword("s3cret", 1000) != hash);  // salted
}

BOOST_AUTO_TEST_CASE(field_readers) {
    http::FormParams p;
    p.add("mtu", "9000x");
    p.add("on", "maybe");
    api::FieldErrors e;
    BOOST_TEST(!api::intField(p, "mtu", e, 552, 65535));
    BOOST_TEST(!api::boolField(p, "on", e));
    BOOST_TEST(
        e.toJson() ==
        R"({"mtu":["Enter a whole number."],"on":["'maybe' value must be either True or False."]})");
    BOOST_TEST(*api::normaliseMac("52-54-00-AA-bb-01") == "52:54:00:aa:bb:01");
    BOOST_TEST(!api::normaliseMac("52:54:00"));
    BOOST_TEST(api::validHostname("node-1.example"));
    BOOST_TEST(!api::validHostname("-bad"));
    BOOST_TEST(!api::validHostname("a_b"));
}

BOOST_AUTO_TEST_CASE(power_parameters) {
    http::FormParams p;
    p.add("power_parameters_power_address", "10.0.0.9");
    p.add("power_parameters_power_driver", "LAN_2_0");
    api::FieldErrors e;
    const auto json = api::checkPowerParameters("ipmi", p, e);
    BOOST_TEST(e.empty());
    BOOST_TEST(json.find("\"power_address\":\"10.0.0.9\"") != std::string::npos);
    api::FieldErrors missing;
    api::checkPowerParameters("webhook", {}, missing);
    BOOST_TEST(missing.fields().count("power_parameters_power_on_uri") == 1u);
    api::FieldErrors bad;
    api::checkPowerParameters("virsh", {}, bad);
    BOOST_TEST(bad.fields().at("power_type").front() ==
               "Select a valid choice. virsh is not one of the available choices.");
}

BOOST_AUTO_TEST_CASE(node_shapes) {
    api::Node n;
    n.system_id = "abc123";
    n.hostname = "rack1";
    n.node_type = api::kRackController;
    n.services.push_back({"rackd", "running", ""});
    api::Interface i;
    i.name = "eth0";
    i.links.push_back({1, "static", "192.0.2.5", std::nullopt});
    n.interfaces.push_back(i);
    const auto o = api::nodeJson(n, "rackcontrollers");
    BOOST_TEST(o->getValue<std::string>("fqdn") == "rack1.maas");
    BOOST_TEST(o->getValue<std::string>("node_type_name") == "Rack controller");
    const auto text = maas::jsonText(o);  // compact, to find members on one line
    BOOST_TEST(api::toJson(o).find("\n    \"fqdn\": \"rack1.maas\",\n") != std::string::npos);
    BOOST_TEST(
        text.find(R"("service_set":[{"name":"rackd","status":"running","status_info":""}])") !=
        std::string::npos);
    BOOST_TEST(text.find(R"("ip_addresses":["192.0.2.5"])") != std::string::npos);
    BOOST_TEST(o->getValue<std::string>("resource_uri") == "/MAAS/api/2.0/rackcontrollers/abc123/");
    BOOST_TEST(api::nodeJson(n, "regioncontrollers")->has("service_set"));
    BOOST_TEST(text.find(R"("last_seen":null)") != std::string::npos);
    n.last_seen = "2026-01-02T03:04:05Z";
    BOOST_TEST(api::nodeJson(n, "rackcontrollers")->getValue<std::string>("last_seen") ==
               "2026-01-02T03:04:05Z");
    n.node_type = api::kMachine;
    BOOST_TEST(!api::nodeJson(n, "machines")->has("last_seen"));
}

BOOST_AUTO_TEST_CASE(discovery_document) {
    const std::vector<api::ProcessEndpoint> workers{
        {"r1", 10, 0, "0.0.0.0", 5240, "0.0.0.0", 5250},
        {"r2", 11, 0, "10.0.0.2", 5240, "10.0.0.2", 5250}};
    const auto text = api::discoveryJson(workers, "r1", "10.0.0.1");
    BOOST_TEST(
        text ==
        R"({"eventloops":{"r1:pid=10":[["10.0.0.1",5250]],"r2:pid=11":[["10.0.0.2",5250]]}})");
}

BOOST_AUTO_TEST_CASE(metrics_text) {
    http::Metrics m;
    m.observe("SubnetsHandler", 200, 0.002);
    m.observe("SubnetsHandler", 200, 0.2);
    m.addGauge("maas_db_connections_held", "held", [] { return 2.0; });
    const auto text = m.render();
    BOOST_TEST(text.find("maas_http_requests_total{handler=\"SubnetsHandler\",status=\"200\"} 2") !=
               std::string::npos);
    BOOST_TEST(text.find("le=\"0.0025\"} 1") != std::string::npos);
    BOOST_TEST(text.find("maas_db_connections_held 2") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
