#include <boost/test/unit_test.hpp>

#include "maas/common/ip.h"
#include "maas/region/net/ranges.h"

using namespace maas::region::net;

BOOST_AUTO_TEST_SUITE(ip)

BOOST_AUTO_TEST_CASE(parses_cidrs) {
    std::string error;
    auto c = parseCidr("10.0.0.0/24", error);
    BOOST_REQUIRE(c);
    BOOST_TEST(c->toString() == "10.0.0.0/24");
    BOOST_TEST(c->last().toString() == "10.0.0.255");
    BOOST_TEST(c->contains(*IpAddress::parse("10.0.0.7")));
    BOOST_TEST(!c->contains(*IpAddress::parse("10.0.1.7")));
    BOOST_TEST(!c->contains(*IpAddress::parse("::1")));
    auto v6 = parseCidr("2001:db8::/64", error);
    BOOST_REQUIRE(v6);
    BOOST_TEST(v6->contains(*IpAddress::parse("2001:db8::5")));
}

BOOST_AUTO_TEST_CASE(rejects_bad_cidrs_with_reasons) {
    std::string error;
    BOOST_TEST(!parseCidr("10.0.0.1/24", error));
    BOOST_TEST(error == "Host bits are set; did you mean 10.0.0.0/24?");
    BOOST_TEST(!parseCidr("10.0.0.0/33", error));
    BOOST_TEST(error == "Prefix length must be between 0 and 32.");
    BOOST_TEST(!parseCidr("10.0.0.0", error));
    BOOST_TEST(!parseCidr("300.0.0.0/8", error));
    BOOST_TEST(!parseCidr("10.0.0.0/", error));
    BOOST_TEST(!parseCidr("10.0.0.0/2x", error));
}

BOOST_AUTO_TEST_CASE(range_inside_subnet_without_overlap) {
    std::string error;
    const auto subnet = *parseCidr("192.0.2.0/24", error);
    BOOST_TEST(validateIpRange(subnet, "dynamic", "192.0.2.10", "192.0.2.20", {}).empty());
    const std::vector<ExistingRange> others{
        {7, "reserved", *IpAddress::parse("192.0.2.15"), *IpAddress::parse("192.0.2.30")}};
    auto e = validateIpRange(subnet, "dynamic", "192.0.2.10", "192.0.2.20", others);
    BOOST_TEST(e.fields().count("__all__") == 1u);
    // Updating range 7 itself does not conflict with its old bounds.
    BOOST_TEST(validateIpRange(subnet, "reserved", "192.0.2.16", "192.0.2.31", others, 7).empty());
    BOOST_TEST(e.fields().at("__all__").front() ==
               "Requested dynamic range conflicts with an existing IP address or range.");
    e = validateIpRange(subnet, "reserved", "192.0.2.10", "192.0.2.20", others);
    BOOST_TEST(e.fields().at("__all__").front() ==
               "Requested reserved range conflicts with an existing range.");
    e = validateIpRange(subnet, "dynamic", "192.0.1.1", "192.0.2.20", {});
    BOOST_TEST(e.fields().at("start_ip").front() ==
               "Start IP address must be within subnet: 192.0.2.0/24.");
    e = validateIpRange(subnet, "dynamic", "192.0.1.1", "192.0.1.20", {});
    BOOST_TEST(e.fields().at("__all__").front() ==
               "IP addresses must be within subnet: 192.0.2.0/24.");
    e = validateIpRange(subnet, "dynamic", "192.0.2.20", "192.0.2.10", {});
    BOOST_TEST(e.fields().count("end_ip") == 1u);
    e = validateIpRange(subnet, "static", "192.0.2.1", "192.0.2.2", {});
    BOOST_TEST(e.fields().count("type") == 1u);
    e = validateIpRange(subnet, "dynamic", "", "nonsense", {});
    BOOST_TEST(e.fields().at("start_ip").front() == "This field is required.");
    BOOST_TEST(e.fields().at("end_ip").front() == "Enter a valid IPv4 or IPv6 address.");
}

BOOST_AUTO_TEST_CASE(dynamic_range_leaves_out_what_is_in_use_as_maas) {
    std::string error;
    const auto subnet = *parseCidr("10.20.0.0/22", error);
    // The gateway (.1), two DNS servers and the rack's own address (.5).
    const std::vector<IpAddress> in_use{
        *IpAddress::parse("10.20.0.1"), *IpAddress::parse("10.20.0.2"),
        *IpAddress::parse("10.20.0.3"), *IpAddress::parse("10.20.0.5")};
    const std::string conflict =
        "Requested dynamic range conflicts with an existing IP address or range.";
    for (const char* start : {"10.20.0.1", "10.20.0.4", "10.20.0.5"}) {
        auto e = validateIpRange(subnet, "dynamic", start, "10.20.0.50", {}, std::nullopt, in_use);
        BOOST_TEST(e.fields().at("__all__").front() == conflict);
    }
    BOOST_TEST(
        validateIpRange(subnet, "dynamic", "10.20.0.6", "10.20.0.50", {}, std::nullopt, in_use)
            .empty());
    // A reserved range may hold addresses in use, but never the network or broadcast address.
    BOOST_TEST(
        validateIpRange(subnet, "reserved", "10.20.0.1", "10.20.0.9", {}, std::nullopt, in_use)
            .empty());
    auto e = validateIpRange(subnet, "reserved", "10.20.0.0", "10.20.3.255", {});
    BOOST_TEST(e.fields().at("start_ip").front() ==
               "Reserved network address cannot be included in IP range.");
    e = validateIpRange(subnet, "reserved", "10.20.0.1", "10.20.3.255", {});
    BOOST_TEST(e.fields().at("end_ip").front() ==
               "Broadcast address cannot be included in IP range.");
    e = validateIpRange(subnet, "dynamic", "10.20.0.9", "2001:db8::1", {});
    BOOST_TEST(e.fields().count("__all__") == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
