#include <boost/test/unit_test.hpp>

#include "maas/region/api/node_filter.h"
#include "maas/region/net/interface_placement.h"

using namespace maas::region::net;

namespace {

// A fresh MAAS: fabric-0 (id 0) with its untagged VLAN (id 1), nothing else.
NetworkSnapshot fresh() {
    NetworkSnapshot s;
    s.vlans = {{1, 0, 0}};
    s.default_fabric_id = 0;
    s.default_vlan_id = 1;
    return s;
}

ReportedInterface nic(std::string name, std::vector<std::string> addresses,
                      std::string type = "physical", int vid = 0,
                      std::vector<std::string> parents = {}) {
    return {std::move(name),    std::move(type),      "",  vid,
            std::move(parents), std::move(addresses), true};
}

const PlannedInterface& find(const InterfacePlan& plan, const std::string& name) {
    for (const auto& i : plan.interfaces) {
        if (i.reported.name == name) {
            return i;
        }
    }
    throw std::runtime_error("no interface " + name);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(interface_placement)

BOOST_AUTO_TEST_CASE(fresh_host_first_subnet_on_fabric0_second_on_new_fabric) {
    const auto plan = planInterfaces(
        {nic("eth1", {"198.51.100.2/24"}), nic("eth0", {"192.0.2.2/24"})}, {"192.0.2.1"}, fresh());
    BOOST_REQUIRE_EQUAL(plan.fabrics.size(), 1u);
    BOOST_REQUIRE_EQUAL(plan.subnets.size(), 2u);
    const auto& eth0 = find(plan, "eth0");
    const auto& eth1 = find(plan, "eth1");
    BOOST_TEST(*eth0.vlan == 1);  // fabric-0 untagged
    BOOST_TEST(*eth1.vlan == plan.fabrics[0].untagged_vlan);
    BOOST_TEST(plan.subnets[0].cidr == "192.0.2.0/24");
    BOOST_TEST(plan.subnets[0].vlan == 1);
    BOOST_TEST(*plan.subnets[0].gateway == "192.0.2.1");  // the default route lies in it
    BOOST_TEST(plan.subnets[1].cidr == "198.51.100.0/24");
    BOOST_TEST(!plan.subnets[1].gateway);
    BOOST_TEST(eth0.addresses.at(0).ip == "192.0.2.2/24");
    BOOST_TEST(eth0.addresses.at(0).subnet == plan.subnets[0].ref);
}

BOOST_AUTO_TEST_CASE(address_on_known_subnet_takes_its_vlan_and_creates_nothing) {
    auto s = fresh();
    s.vlans.push_back({7, 3, 0});
    s.subnets = {{40, "192.0.2.0/24", 7, true}};
    const auto plan = planInterfaces({nic("eth0", {"192.0.2.9/24"})}, {"192.0.2.1"}, s);
    BOOST_TEST(plan.fabrics.empty());
    BOOST_TEST(plan.subnets.empty());
    BOOST_TEST(plan.gateways.empty());
    BOOST_TEST(*find(plan, "eth0").vlan == 7);
    BOOST_TEST(find(plan, "eth0").addresses.at(0).subnet == 40);
}

BOOST_AUTO_TEST_CASE(default_vlan_in_use_means_new_fabric) {
    auto s = fresh();
    s.default_vlan_in_use = true;
    const auto plan = planInterfaces({nic("eth0", {"203.0.113.4/24"})}, {}, s);
    BOOST_REQUIRE_EQUAL(plan.fabrics.size(), 1u);
    BOOST_TEST(*find(plan, "eth0").vlan == plan.fabrics[0].untagged_vlan);
}

BOOST_AUTO_TEST_CASE(loopback_and_link_local_are_ignored) {
    const auto plan = planInterfaces(
        {nic("eth0", {"169.254.3.4/16", "fe80::1/64", "127.0.0.2/8", "::1/128", "192.0.2.5/24"})},
        {}, fresh());
    BOOST_REQUIRE_EQUAL(plan.subnets.size(), 1u);
    BOOST_TEST(plan.subnets[0].cidr == "192.0.2.0/24");
    BOOST_TEST(find(plan, "eth0").addresses.size() == 1u);
    BOOST_TEST(isIgnoredAddress("fe80::abcd/64"));
    BOOST_TEST(isIgnoredAddress("not-an-ip/24"));
    BOOST_TEST(isIgnoredAddress("192.0.2.1/99"));
    BOOST_TEST(!isIgnoredAddress("2001:db8::5/64"));
}

BOOST_AUTO_TEST_CASE(tagged_vlan_is_created_on_its_parents_fabric) {
    auto s = fresh();
    s.default_vlan_in_use = true;
    const auto plan = planInterfaces(
        {nic("eth0.42", {"198.51.100.7/24"}, "vlan", 42, {"eth0"}), nic("eth0", {"192.0.2.2/24"})},
        {}, s);
    BOOST_REQUIRE_EQUAL(plan.fabrics.size(), 1u);
    const auto& parent = find(plan, "eth0");
    BOOST_TEST(*parent.vlan == plan.fabrics[0].untagged_vlan);
    BOOST_REQUIRE_EQUAL(plan.vlans.size(), 1u);
    BOOST_TEST(plan.vlans[0].fabric == plan.fabrics[0].ref);
    BOOST_TEST(plan.vlans[0].vid == 42);
    const auto& tagged = find(plan, "eth0.42");
    BOOST_TEST(*tagged.vlan == plan.vlans[0].ref);
    // Its subnet goes on the tagged VLAN, not the parent's.
    BOOST_TEST(plan.subnets.back().cidr == "198.51.100.0/24");
    BOOST_TEST(plan.subnets.back().vlan == plan.vlans[0].ref);
}

BOOST_AUTO_TEST_CASE(tagged_vlan_reuses_an_existing_vid_on_the_parents_fabric) {
    auto s = fresh();
    s.vlans.push_back({9, 0, 42});
    const auto plan = planInterfaces(
        {nic("eth0", {"192.0.2.2/24"}), nic("eth0.42", {}, "vlan", 42, {"eth0"})}, {}, s);
    BOOST_TEST(plan.vlans.empty());
    BOOST_TEST(*find(plan, "eth0.42").vlan == 9);
}

BOOST_AUTO_TEST_CASE(bond_and_bridge_follow_their_parents) {
    const auto plan = planInterfaces(
        {nic("br0", {}, "bridge", 0, {"bond0"}), nic("bond0", {}, "bond", 0, {"eth0", "eth1"}),
         nic("eth0", {"192.0.2.2/24"}), nic("eth1", {})},
        {}, fresh());
    const auto eth0_vlan = *find(plan, "eth0").vlan;
    BOOST_TEST(eth0_vlan == 1);
    BOOST_TEST(*find(plan, "bond0").vlan == eth0_vlan);
    BOOST_TEST(*find(plan, "br0").vlan == eth0_vlan);
    // eth1 has no address: placed last, after fabric-0 was taken, so on a new fabric.
    BOOST_TEST(*find(plan, "eth1").vlan == plan.fabrics.at(0).untagged_vlan);
}

BOOST_AUTO_TEST_CASE(operator_pinned_vlan_survives_a_refresh) {
    auto s = fresh();
    s.vlans.push_back({5, 2, 0});
    s.subnets = {{40, "192.0.2.0/24", 1, true}};
    s.interfaces = {{"eth0", 5, true}};
    const auto plan = planInterfaces({nic("eth0", {"192.0.2.2/24"})}, {}, s);
    BOOST_TEST(*find(plan, "eth0").vlan == 5);
    BOOST_TEST(find(plan, "eth0").addresses.at(0).subnet == 40);
}

BOOST_AUTO_TEST_CASE(unpinned_interface_keeps_its_vlan_when_no_subnet_says_otherwise) {
    auto s = fresh();
    s.vlans.push_back({5, 2, 0});
    s.interfaces = {{"eth0", 5, false}};
    const auto plan = planInterfaces({nic("eth0", {})}, {}, s);
    BOOST_TEST(plan.fabrics.empty());
    BOOST_TEST(*find(plan, "eth0").vlan == 5);
}

BOOST_AUTO_TEST_CASE(two_interfaces_on_one_new_cidr_share_subnet_and_vlan) {
    const auto plan =
        planInterfaces({nic("eth0", {"192.0.2.2/24"}), nic("eth1", {"192.0.2.3/24"})}, {}, fresh());
    BOOST_TEST(plan.subnets.size() == 1u);
    BOOST_TEST(plan.fabrics.empty());
    BOOST_TEST(*find(plan, "eth1").vlan == 1);
}

BOOST_AUTO_TEST_CASE(host_route_links_to_the_smallest_subnet_holding_it) {
    auto s = fresh();
    s.subnets = {{40, "10.0.0.0/16", 1, false}, {41, "10.0.3.0/24", 1, false}};
    const auto plan = planInterfaces({nic("eth0", {"10.0.3.7/32"})}, {"10.0.3.1"}, s);
    BOOST_TEST(plan.subnets.empty());
    BOOST_TEST(find(plan, "eth0").addresses.at(0).subnet == 41);
    // A known subnet without a gateway takes the default route's.
    BOOST_REQUIRE_EQUAL(plan.gateways.size(), 1u);
    BOOST_TEST(plan.gateways[0].subnet_id == 41);
    BOOST_TEST(plan.gateways[0].gateway == "10.0.3.1");
}

BOOST_AUTO_TEST_CASE(hostile_report_does_not_throw) {
    std::vector<ReportedInterface> report;
    report.push_back(
        nic("a", {"", "/", "1.2.3.4/", "1.2.3.4/x", "::/0", "0.0.0.0/0"}, "vlan", 4094, {"b"}));
    report.push_back(nic("b", {}, "bond", 0, {"a"}));  // a parent cycle
    report.push_back(nic("c", {}, "weird", 0, {"missing"}));
    BOOST_CHECK_NO_THROW(planInterfaces(report, {"nonsense", "::"}, fresh()));
}

BOOST_AUTO_TEST_CASE(node_read_filters) {
    std::vector<maas::region::api::Node> nodes(3);
    nodes[0].hostname = "a";
    nodes[0].system_id = "s1";
    nodes[1].hostname = "b";
    nodes[1].system_id = "s2";
    nodes[2].hostname = "c";
    nodes[2].system_id = "s3";
    maas::region::http::FormParams p;
    BOOST_TEST(maas::region::api::filterNodes(nodes, p).size() == 3u);
    p.add("hostname", "a");
    p.add("hostname", "c");
    BOOST_TEST(maas::region::api::filterNodes(nodes, p).size() == 2u);
    p.add("id", "s3");
    const auto both = maas::region::api::filterNodes(nodes, p);
    BOOST_REQUIRE_EQUAL(both.size(), 1u);
    BOOST_TEST(both[0].hostname == "c");
}

BOOST_AUTO_TEST_SUITE_END()
