#include <boost/test/unit_test.hpp>

#include "maas/region/net/address_space.h"

using namespace maas::region::net;

namespace {

Cidr cidr(const char* text) {
    std::string error;
    return *parseCidr(text, error);
}

IpAddress ip(const char* text) {
    return *IpAddress::parse(text);
}

AddressSpan one(const char* text, const char* purpose) {
    return {ip(text), ip(text), {purpose}};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(address_space)

// MAAS's own example: four single addresses taken on a /24.
BOOST_AUTO_TEST_CASE(statistics_as_maas_counts_them) {
    const std::vector<AddressSpan> used{
        one("10.0.0.2", "assigned-ip"), one("10.0.0.4", "assigned-ip"),
        one("10.0.0.6", "assigned-ip"), one("10.0.0.8", "assigned-ip")};
    const auto s = subnetStatistics(cidr("10.0.0.0/24"), used);
    BOOST_TEST(static_cast<long>(s.total) == 254);
    BOOST_TEST(static_cast<long>(s.available) == 250);
    BOOST_TEST(static_cast<long>(s.largest_available) == 246);
    BOOST_TEST(s.usageString() == "2%");
    BOOST_TEST(s.availableString() == "98%");
    BOOST_TEST(s.first_address.toString() == "10.0.0.1");
    BOOST_TEST(s.last_address.toString() == "10.0.0.254");
}

BOOST_AUTO_TEST_CASE(unused_spans_leave_out_network_broadcast_and_used) {
    const auto free =
        unusedSpans(cidr("10.0.0.0/28"), {{ip("10.0.0.5"), ip("10.0.0.9"), {"dynamic"}},
                                          one("10.0.0.1", "gateway-ip"),
                                          one("10.0.0.20", "outside")});
    BOOST_REQUIRE(free.size() == 2u);
    BOOST_TEST(free[0].first.toString() == "10.0.0.2");
    BOOST_TEST(free[0].last.toString() == "10.0.0.4");
    BOOST_TEST(free[1].first.toString() == "10.0.0.10");
    BOOST_TEST(free[1].last.toString() == "10.0.0.14");
}

BOOST_AUTO_TEST_CASE(full_subnet_has_nothing_to_allocate) {
    BOOST_TEST(!nextForAllocation(cidr("10.0.0.0/30"), {{ip("10.0.0.1"), ip("10.0.0.2"), {}}}));
    BOOST_TEST(unusedSpans(cidr("10.0.0.0/30"), {{ip("10.0.0.0"), ip("10.0.0.3"), {}}}).empty());
}

BOOST_AUTO_TEST_CASE(allocation_takes_the_smallest_free_run) {
    // Free: .2-.4 (3 addresses) and .10-.14 (5): the smaller run is used first.
    const std::vector<AddressSpan> used{{ip("10.0.0.5"), ip("10.0.0.9"), {"dynamic"}},
                                        one("10.0.0.1", "gateway-ip")};
    BOOST_TEST(nextForAllocation(cidr("10.0.0.0/28"), used)->toString() == "10.0.0.2");
    // Free: .10-.12 (3 addresses) and .14 (1): the single address goes first.
    const std::vector<AddressSpan> more{{ip("10.0.0.2"), ip("10.0.0.9"), {"dynamic"}},
                                        one("10.0.0.1", "gateway-ip"),
                                        one("10.0.0.13", "assigned-ip")};
    BOOST_TEST(nextForAllocation(cidr("10.0.0.0/28"), more)->toString() == "10.0.0.14");
}

BOOST_AUTO_TEST_CASE(overlapping_spans_merge_their_purposes) {
    const auto spans =
        normaliseSpans(cidr("10.0.0.0/24"), {{ip("10.0.0.10"), ip("10.0.0.20"), {"dynamic"}},
                                             one("10.0.0.15", "assigned-ip"),
                                             one("10.0.0.21", "gateway-ip"),
                                             one("10.9.0.1", "elsewhere")});
    BOOST_REQUIRE(spans.size() == 2u);
    BOOST_TEST(spans[0].purposes == (std::vector<std::string>{"assigned-ip", "dynamic"}));
    BOOST_TEST(static_cast<long>(spans[0].size()) == 11);
    BOOST_TEST(spans[1].first.toString() == "10.0.0.21");
}

BOOST_AUTO_TEST_CASE(ipv6_keeps_maas_reserved_spans_and_huge_sizes) {
    const auto c = cidr("2001:db8::/64");
    const auto reserved = protocolReservedSpans(c);
    BOOST_REQUIRE(reserved.size() == 2u);
    BOOST_TEST(nextForAllocation(c, reserved)->toString() == "2001:db8::1:0:0");
    const auto s = subnetStatistics(c, reserved);
    BOOST_TEST((s.total == (AddressNumber{1} << 64)));
    BOOST_TEST(s.usageString() == "0%");
}

BOOST_AUTO_TEST_CASE(point_to_point_networks_use_every_address) {
    const auto s = subnetStatistics(cidr("10.0.0.0/31"), {});
    BOOST_TEST(static_cast<long>(s.total) == 2);
    BOOST_TEST(subnetStatistics(cidr("10.0.0.7/32"), {}).first_address.toString() == "10.0.0.7");
}

BOOST_AUTO_TEST_SUITE_END()
