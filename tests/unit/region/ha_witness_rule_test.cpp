#include <boost/test/unit_test.hpp>

#include "maas/region/dhcp/ha_witness_rule.h"

using namespace maas::region::dhcp;

namespace {

WitnessRack rack(const std::string& name, int64_t heard, const std::string& state,
                 bool holds = true, int64_t report = 500) {
    WitnessRack r;
    r.system_id = name + "-id";
    r.hostname = name;
    r.heard_ms_ago = heard;
    r.state = state;
    r.holds_partner_leases = holds;
    r.report_ms_ago = report;
    return r;
}

// The killed-rack case: the primary silent 6 s, the secondary cut off from it and holding its
// leases.
WitnessPair killedPrimary() {
    return WitnessPair{7, rack("a", 6000, "normal", true, 6000),
                       rack("b", 400, "communications-interrupted")};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ha_witness_rule)

BOOST_AUTO_TEST_CASE(a_dead_rack_is_replaced_by_its_cut_off_partner) {
    const WitnessPair pair = killedPrimary();
    const auto order = witnessOrder(pair, WitnessPolicy{});
    BOOST_REQUIRE(order.has_value());
    BOOST_TEST(order->vlan_id == 7);
    BOOST_TEST(order->survivor->hostname == "b");
    BOOST_TEST(order->dead->hostname == "a");
    BOOST_TEST(order->fence_wait_ms == 0);  // N (5 s) is past the fence horizon (4.258 s)
    BOOST_TEST(order->reason == "rack a silent for 6 s; b reported communications-interrupted");
    // Either side may be the dead one.
    const WitnessPair mirrored{7, pair.secondary, pair.primary};
    BOOST_TEST(witnessOrder(mirrored, WitnessPolicy{})->survivor->hostname == "b");
}

BOOST_AUTO_TEST_CASE(the_three_partition_shapes_and_the_region_outage_order_nothing_unsafe) {
    const WitnessPolicy policy;
    // Racks cut from each other, both reaching the region: nobody is dead.
    BOOST_TEST(!witnessOrder(WitnessPair{1, rack("a", 300, "communications-interrupted"),
                                         rack("b", 300, "communications-interrupted")},
                             policy));
    // The region cut from one rack only: its partner still sees it (normal).
    BOOST_TEST(!witnessOrder(
        WitnessPair{1, rack("a", 9000, "normal", true, 9000), rack("b", 300, "normal")}, policy));
    // One rack cut from both: the partner takes over (the cut-off rack renews only).
    BOOST_TEST(witnessOrder(WitnessPair{1, rack("a", 9000, "normal", true, 9000),
                                        rack("b", 300, "communications-interrupted")},
                            policy)
                   .has_value());
    // Both racks silent (the region cut off): nothing.
    BOOST_TEST(!witnessOrder(WitnessPair{1, rack("a", 9000, "communications-interrupted"),
                                         rack("b", 9000, "communications-interrupted")},
                             policy));
}

BOOST_AUTO_TEST_CASE(no_order_without_every_condition) {
    const WitnessPolicy policy;
    auto check = [&](auto change) {
        WitnessPair pair = killedPrimary();
        change(pair);
        return witnessOrder(pair, policy).has_value();
    };
    BOOST_TEST(check([](WitnessPair&) {}));
    BOOST_TEST(!check([](WitnessPair& p) { p.primary.heard_ms_ago = 4999; }));     // not dead yet
    BOOST_TEST(!check([](WitnessPair& p) { p.primary.heard_ms_ago.reset(); }));    // never heard
    BOOST_TEST(!check([](WitnessPair& p) { p.primary.state = "partner-down"; }));  // held pool
    BOOST_TEST(!check([](WitnessPair& p) { p.primary.report_ms_ago.reset(); }));   // no report
    BOOST_TEST(!check([](WitnessPair& p) { p.secondary.holds_partner_leases = false; }));
    BOOST_TEST(!check([](WitnessPair& p) { p.secondary.state = "partner-down"; }));  // done
    BOOST_TEST(!check([](WitnessPair& p) { p.secondary.report_ms_ago = 3001; }));    // stale
    BOOST_TEST(!check([](WitnessPair& p) { p.secondary.heard_ms_ago = 5000; }));     // dead too
    WitnessPolicy off;
    off.auto_takeover = false;
    BOOST_TEST(!witnessOrder(killedPrimary(), off).has_value());
}

BOOST_AUTO_TEST_CASE(the_fence_wait_covers_the_dead_racks_lease) {
    WitnessPolicy p;
    BOOST_TEST(fenceWaitMs(p, 0) == 4258);
    BOOST_TEST(fenceWaitMs(p, 4000) == 258);
    BOOST_TEST(fenceWaitMs(p, 5000) == 0);
    BOOST_TEST(fenceWaitMs(p, -20) == 4258);  // the database clock stepped: count it as now
    p.fence_time_ms = 60000;                  // a longer lease: the order waits for it
    BOOST_TEST(fenceWaitMs(p, 5000) == 55370);
}

BOOST_AUTO_TEST_SUITE_END()
