#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Parser.h>

#include "maas/common/json_writer.h"
#include "maas/region/api/shapes.h"

// The streamed shapes must be the bytes a tree of them writes: keys sorted as a Poco object
// holds them, Python's indent-4 layout. Parsing the stream and writing the tree again proves
// both, for every variant of node and subnet the lists write.

using namespace maas::region;

namespace {

api::Vlan vlan(int vid) {
    api::Vlan v;
    v.id = 5000 + vid;
    v.vid = vid;
    v.fabric_id = 0;
    v.fabric_name = "fabric-0";
    if (vid == 10) {
        v.name = "ten \"quoted\"\x01";
        v.primary_rack = "rack01";
        v.relay_vlan_id = 7;
        v.space = "space-a";
        v.external_dhcp = "192.0.2.254";
    }
    return v;
}

api::Subnet subnet(int vid) {
    api::Subnet s;
    s.id = 3;
    s.name = "192.0.2.0/24";
    s.cidr = "192.0.2.0/24";
    s.vlan = vlan(vid);
    if (vid == 10) {
        s.gateway_ip = "192.0.2.1";
        s.dns_servers = {"192.0.2.2", "192.0.2.3"};
        s.description = "line\nbreak é";
    }
    return s;
}

api::Node node(int type) {
    api::Node n;
    n.id = 9;
    n.system_id = "abc123";
    n.hostname = "host-1";
    n.node_type = type;
    n.architecture = "amd64/generic";
    n.power_type = "ipmi";
    n.power_state = "on";
    n.version = "0.1.0";
    n.owner = "admin";
    n.last_seen = "2026-01-02T03:04:05Z";
    n.power_rack = api::RackRef{"rack01", "rack-one"};
    n.services = {{"dhcpd", "off", "no VLAN"}, {"rackd", "running", ""}};
    n.cpu_count = 8;
    n.memory = 16384;
    n.tag_names = {"virtual", "with \"quotes\""};
    n.zone = {2, "zone-b", "second"};
    api::Interface bond;
    bond.id = 2;
    bond.name = "bond0";
    bond.type = "bond";
    bond.vlan = vlan(10);
    bond.links.push_back({11, "static", "192.0.2.5", subnet(10)});
    bond.links.push_back({12, "auto", "", subnet(0)});
    bond.links.push_back({13, "link_up", "", std::nullopt});
    bond.children = {"bond0.10"};
    api::Interface eth;
    eth.id = 1;
    eth.name = "eth0";
    eth.mac_address = "52:54:00:00:00:01";
    eth.parents = {"bond0"};
    n.interfaces = {bond, eth, api::Interface{}};
    return n;
}

std::string treeAgain(const std::string& streamed) {
    return maas::jsonTextIndented(Poco::JSON::Parser().parse(streamed));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(stream_shapes)

BOOST_AUTO_TEST_CASE(nodes_of_every_type_and_collection) {
    for (int type : {api::kMachine, api::kDevice, api::kRackController, api::kRegionController,
                     api::kRegionAndRackController})
        for (const char* collection : {"machines", "rackcontrollers", "regioncontrollers"}) {
            auto n = node(type);
            const auto text = api::streamList(
                std::vector<api::Node>{n, api::Node{}},
                [&](maas::JsonStream& w, const api::Node& x) { api::writeNode(w, x, collection); });
            BOOST_TEST(text == treeAgain(text), "type " << type << " " << collection);
            BOOST_TEST(api::toJson(api::nodeJson(n, collection)) ==
                       treeAgain(api::toJson(api::nodeJson(n, collection))));
        }
}

BOOST_AUTO_TEST_CASE(subnets_with_and_without_optional_members) {
    const auto text =
        api::streamList(std::vector<api::Subnet>{subnet(10), subnet(0)},
                        [](maas::JsonStream& w, const api::Subnet& s) { api::writeSubnet(w, s); });
    BOOST_TEST(text == treeAgain(text));
    BOOST_TEST(text.find("\n        \"gateway_ip\": null,\n") != std::string::npos);
    BOOST_TEST(api::toJson(api::subnetJson(subnet(10))) ==
               treeAgain(api::toJson(api::subnetJson(subnet(10)))));
    const auto empty = api::streamList(std::vector<api::Subnet>{}, api::writeSubnet);
    BOOST_TEST(empty == "[]");
}

BOOST_AUTO_TEST_SUITE_END()
