#include <boost/test/unit_test.hpp>

#include "maas/rack/host_info.h"
#include "maas/rack/interface_monitor.h"

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

BOOST_AUTO_TEST_CASE(default_gateways_from_proc_net_route) {
    const auto gateways = parseDefaultGateways(
        "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
        "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
        "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"
        "eth1\t00000000\t01643363\t0003\t0\t0\t100\t00000000\t0\t0\t0\n"
        "eth2\t00000000\tZZZZZZZZ\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
        "short line\n");
    BOOST_TEST(gateways == (std::vector<std::string>{"192.0.2.1", "99.51.100.1"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(monitor_sends_only_changes_once_registered) {
    NetworkReport now{{{"eth0", "physical", "", {"192.0.2.2/24"}, 0, true, {}}}, {}};
    std::string system_id;
    bool accept = true;
    std::vector<maas::rpc::UpdateInterfacesArgs> sent;
    InterfaceMonitor monitor([&] { return now; },
                             [&](const maas::rpc::UpdateInterfacesArgs& a) {
                                 if (accept) {
                                     sent.push_back(a);
                                 }
                                 return accept;
                             },
                             [&] { return system_id; });
    BOOST_TEST(!monitor.checkOnce());  // not registered: nothing to send
    monitor.current();                 // what registration carried
    system_id = "abc123";
    BOOST_TEST(!monitor.checkOnce());  // unchanged since registration
    now.interfaces[0].addresses.push_back("198.51.100.2/24");
    accept = false;
    BOOST_TEST(!monitor.checkOnce());  // no link took it: kept for the next round
    accept = true;
    BOOST_TEST(monitor.checkOnce());
    BOOST_REQUIRE_EQUAL(sent.size(), 1u);
    BOOST_TEST(sent[0].system_id == "abc123");
    BOOST_TEST(sent[0].interfaces.at(0).addresses.size() == 2u);
    BOOST_TEST(!monitor.checkOnce());
    now.gateways = {"192.0.2.1"};
    BOOST_TEST(monitor.checkOnce());
    BOOST_TEST(sent.back().gateways.at(0) == "192.0.2.1");
}

BOOST_AUTO_TEST_SUITE_END()
