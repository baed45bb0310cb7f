#include <boost/test/unit_test.hpp>

#include "maas/rack/host_info.h"

using namespace maas::rack;

BOOST_AUTO_TEST_SUITE(host_info)

BOOST_AUTO_TEST_CASE(vlan_config_lines) {
    const auto entries = parseVlanConfig(
        "VLAN Dev name    | VLAN ID\nName-Type: VLAN_NAME_TYPE_RAW_PLUS_VID_NO_PAD\n"
        "eth0.10        | 10  | eth0\nbond0.200      | 200  | bond0\nbroken | x | y\n");
    BOOST_TEST(entries.size() == 2u);
    BOOST_TEST(entries.at(0).name == "eth0.10");
    BOOST_TEST(entries.at(0).vid == 10);
    BOOST_TEST(entries.at(1).parent == "bond0");
}

BOOST_AUTO_TEST_CASE(host_interfaces_have_no_loopback) {
    for (const auto& i : hostInterfaces()) {
        BOOST_TEST(i.name != "lo");
        BOOST_TEST((i.mac_address.empty() || i.mac_address.size() == 17u));
    }
    BOOST_TEST(!hostName().empty());
}

BOOST_AUTO_TEST_SUITE_END()
