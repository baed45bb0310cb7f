#include <Poco/JSON/Parser.h>
#include <boost/test/unit_test.hpp>

#include "maas/region/dhcp/kea_config.h"

using namespace maas::region::dhcp;
using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

KeaPaths paths() {
    return {"/var/lib/maas/dhcp", "/usr/lib/kea/hooks/libdhcp_lease_cmds.so",
            "/usr/lib/maas/hooks/libmaas_dhcp_ha.so", "/var/lib/maas/secret",
            "/run/maas/lease-events.sock"};
}

DhcpSubnet subnet(int64_t id, const std::string& cidr) {
    DhcpSubnet s;
    s.id = id;
    s.cidr = cidr;
    return s;
}

VlanDuty duty(int64_t vlan, bool primary, const std::string& own, std::optional<std::string> peer) {
    VlanDuty d;
    d.vlan_id = vlan;
    d.vlan_name = "fabric-0." + std::to_string(vlan);
    d.primary = primary;
    d.interface = "eth" + std::to_string(vlan);
    d.own_address = own;
    d.peer_address = std::move(peer);
    return d;
}

Object::Ptr dhcp4(const KeaConfig& c) {
    auto root = Poco::JSON::Parser().parse(c.json).extract<Object::Ptr>();
    return root->getObject("Dhcp4");
}

std::string pools(const std::vector<AddressRange>& r) {
    std::string out;
    for (const auto& p : r)
        out += p.start + "-" + p.end + ";";
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(kea_config)

BOOST_AUTO_TEST_CASE(pools_are_dynamic_minus_reserved) {
    BOOST_TEST(pools(poolRanges({{"10.0.0.100", "10.0.0.200"}}, {})) == "10.0.0.100-10.0.0.200;");
    BOOST_TEST(pools(poolRanges({{"10.0.0.100", "10.0.0.200"}},
                                {{"10.0.0.150", "10.0.0.160"}, {"10.0.0.90", "10.0.0.110"}})) ==
               "10.0.0.111-10.0.0.149;10.0.0.161-10.0.0.200;");
    BOOST_TEST(
        pools(poolRanges({{"10.0.0.100", "10.0.0.200"}}, {{"10.0.0.100", "10.0.0.200"}})).empty());
    BOOST_TEST(pools(poolRanges({{"10.0.0.1", "10.0.0.5"}, {"10.0.0.250", "10.0.0.255"}},
                                {{"10.0.0.5", "10.0.0.251"}})) ==
               "10.0.0.1-10.0.0.4;10.0.0.252-10.0.0.255;");
    BOOST_TEST(pools(poolRanges({{"255.255.255.250", "255.255.255.255"}},
                                {{"255.255.255.255", "255.255.255.255"}})) ==
               "255.255.255.250-255.255.255.254;");
    BOOST_TEST(
        pools(poolRanges({{"2001:db8::1", "2001:db8::9"}, {"bad", "10.0.0.1"}}, {})).empty());
}

BOOST_AUTO_TEST_CASE(nothing_to_serve_stops_kea) {
    const auto c = buildKeaConfig({}, paths());
    BOOST_TEST(!c.serving);
    BOOST_TEST(c.json.empty());
    auto d = duty(5, true, "", std::nullopt);
    d.subnets.push_back(subnet(1, "10.0.0.0/24"));
    const auto no_address = buildKeaConfig({d}, paths());
    BOOST_TEST(!no_address.serving);
    BOOST_REQUIRE(no_address.warnings.size() == 1u);
    BOOST_TEST(no_address.warnings[0] ==
               "VLAN fabric-0.5: this rack has no IPv4 address on it; not served.");
}

BOOST_AUTO_TEST_CASE(full_config_for_an_ha_primary) {
    auto d = duty(5, true, "10.0.0.2", std::string("10.0.0.3"));
    auto s = subnet(7, "10.0.0.0/24");
    s.gateway_ip = "10.0.0.1";
    s.dns_servers = {"10.0.0.53", "2001:db8::53", "8.8.8.8"};
    s.dynamic_ranges = {{"10.0.0.100", "10.0.0.200"}};
    s.reserved_ranges = {{"10.0.0.150", "10.0.0.150"}};
    d.subnets = {s, subnet(8, "2001:db8::/64")};
    const auto c = buildKeaConfig({d}, paths());
    BOOST_REQUIRE(c.serving);
    BOOST_TEST(c.warnings.empty());
    const auto k = dhcp4(c);
    const auto ifaces = k->getObject("interfaces-config");
    BOOST_TEST(ifaces->getArray("interfaces")->size() == 1u);
    BOOST_TEST(ifaces->getArray("interfaces")->getElement<std::string>(0) == "eth5");
    BOOST_TEST(ifaces->getValue<std::string>("dhcp-socket-type") == "raw");
    BOOST_TEST(k->getObject("control-socket")->getValue<std::string>("socket-name") ==
               "/var/lib/maas/dhcp/kea-dhcp4.ctrl");
    BOOST_TEST(k->getObject("lease-database")->getValue<std::string>("name") ==
               "/var/lib/maas/dhcp/dhcp4.leases");
    BOOST_TEST(k->getValue<int>("valid-lifetime") == 600);
    BOOST_TEST(k->getArray("option-data")->getObject(0)->getValue<std::string>("data") == "maas");

    const auto subnets = k->getArray("subnet4");
    BOOST_REQUIRE(subnets->size() == 1u);  // no DHCPv6
    const auto s4 = subnets->getObject(0);
    BOOST_TEST(s4->getValue<int>("id") == 7);
    BOOST_TEST(s4->getValue<std::string>("subnet") == "10.0.0.0/24");
    BOOST_TEST(s4->getValue<std::string>("interface") == "eth5");
    const auto p = s4->getArray("pools");
    BOOST_REQUIRE(p->size() == 2u);
    BOOST_TEST(p->getObject(0)->getValue<std::string>("pool") == "10.0.0.100 - 10.0.0.149");
    BOOST_TEST(p->getObject(1)->getValue<std::string>("pool") == "10.0.0.151 - 10.0.0.200");
    const auto opts = s4->getArray("option-data");
    BOOST_REQUIRE(opts->size() == 2u);
    BOOST_TEST(opts->getObject(0)->getValue<std::string>("name") == "routers");
    BOOST_TEST(opts->getObject(0)->getValue<std::string>("data") == "10.0.0.1");
    BOOST_TEST(opts->getObject(1)->getValue<std::string>("data") == "10.0.0.53, 8.8.8.8");

    const auto hooks = k->getArray("hooks-libraries");
    BOOST_REQUIRE(hooks->size() == 2u);
    BOOST_TEST(hooks->getObject(0)->getValue<std::string>("library") ==
               "/usr/lib/kea/hooks/libdhcp_lease_cmds.so");
    const auto h = hooks->getObject(1);
    BOOST_TEST(h->getValue<std::string>("library") == "/usr/lib/maas/hooks/libmaas_dhcp_ha.so");
    const auto params = h->getObject("parameters");
    BOOST_TEST(params->getValue<std::string>("role") == "primary");
    BOOST_TEST(params->getValue<std::string>("address") == "10.0.0.2");
    BOOST_TEST(params->getValue<std::string>("peer-address") == "10.0.0.3");
    BOOST_TEST(params->getValue<int>("split") == 255);
    BOOST_TEST(params->getValue<int>("mclt") == 3600);
    BOOST_TEST(params->getValue<int>("port") == 647);
    BOOST_TEST(params->getValue<int>("max-unacked-updates") == 10);
    BOOST_TEST(params->getValue<int>("load-balance-max-seconds") == 3);
    BOOST_TEST(params->getValue<std::string>("secret-file") == "/var/lib/maas/secret");
    BOOST_TEST(params->getValue<std::string>("event-socket") == "/run/maas/lease-events.sock");
}

BOOST_AUTO_TEST_CASE(secondary_role_and_standalone_hook_without_partner) {
    auto sec = duty(5, false, "10.0.0.3", std::string("10.0.0.2"));
    sec.subnets = {subnet(7, "10.0.0.0/24")};
    const auto params = dhcp4(buildKeaConfig({sec}, paths()))
                            ->getArray("hooks-libraries")
                            ->getObject(1)
                            ->getObject("parameters");
    BOOST_TEST(params->getValue<std::string>("role") == "secondary");
    BOOST_TEST(params->getValue<std::string>("peer-address") == "10.0.0.2");

    auto alone = duty(5, true, "10.0.0.2", std::nullopt);
    alone.subnets = {subnet(7, "10.0.0.0/24")};
    auto other = duty(3, true, "10.0.3.2", std::nullopt);
    other.subnets = {subnet(4, "10.0.3.0/24")};
    const auto c = buildKeaConfig({alone, other}, paths());
    BOOST_TEST(c.warnings.empty());
    const auto k = dhcp4(c);
    BOOST_TEST(k->getArray("subnet4")->size() == 2u);
    const auto hooks = k->getArray("hooks-libraries");
    BOOST_REQUIRE(hooks->size() == 2u);
    BOOST_TEST(hooks->getObject(0)->getValue<std::string>("library") ==
               "/usr/lib/kea/hooks/libdhcp_lease_cmds.so");
    const auto standalone = hooks->getObject(1)->getObject("parameters");
    // Exactly what the hook accepts in standalone mode: nothing about a partner.
    BOOST_TEST(standalone->size() == 3u);
    BOOST_TEST(standalone->getValue<std::string>("role") == "standalone");
    BOOST_TEST(standalone->getValue<std::string>("address") == "10.0.3.2");  // lowest VLAN
    BOOST_TEST(standalone->getValue<std::string>("event-socket") == "/run/maas/lease-events.sock");
    BOOST_TEST(!standalone->has("peer-address"));
    BOOST_TEST(!standalone->has("secret-file"));
}

BOOST_AUTO_TEST_CASE(one_partner_per_rack) {
    auto a = duty(9, true, "10.0.9.2", std::string("10.0.9.3"));
    a.subnets = {subnet(1, "10.0.9.0/24")};
    auto b = duty(4, true, "10.0.4.2", std::string("10.0.4.4"));
    b.subnets = {subnet(2, "10.0.4.0/24")};
    auto c = duty(6, true, "10.0.6.2", std::nullopt);
    c.subnets = {subnet(3, "10.0.6.0/24")};
    const auto cfg = buildKeaConfig({a, b, c}, paths());
    BOOST_REQUIRE(cfg.warnings.size() == 2u);
    BOOST_TEST(cfg.warnings[0] ==
               "VLAN fabric-0.6: no secondary rack, but this rack runs DHCP in HA mode with "
               "10.0.4.4 (one hook mode per rack); not served. Make 10.0.4.4 its secondary too.");
    BOOST_TEST(cfg.warnings[1] ==
               "VLAN fabric-0.9: its partner 10.0.9.3 differs from 10.0.4.4 (one HA partner per "
               "rack); not served.");
    const auto k = dhcp4(cfg);
    BOOST_TEST(k->getArray("subnet4")->size() == 1u);
    BOOST_TEST(k->getArray("subnet4")->getObject(0)->getValue<int>("id") == 2);
    BOOST_TEST(k->getObject("interfaces-config")->getArray("interfaces")->size() == 1u);
    BOOST_TEST(k->getArray("hooks-libraries")
                   ->getObject(1)
                   ->getObject("parameters")
                   ->getValue<std::string>("role") == "primary");
}

BOOST_AUTO_TEST_CASE(sole_vlan_without_address_is_not_served_and_no_hook_is_loaded) {
    auto d = duty(5, true, "", std::nullopt);
    d.subnets = {subnet(7, "10.0.0.0/24")};
    const auto c = buildKeaConfig({d}, paths());
    BOOST_TEST(!c.serving);
    BOOST_TEST(c.json.empty());
}

BOOST_AUTO_TEST_SUITE_END()
