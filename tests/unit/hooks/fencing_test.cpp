#include <boost/test/unit_test.hpp>

#include "maas/hooks/fencing.h"
#include "maas/hooks/load_balance.h"

using namespace maas::hooks;

namespace {

FenceFacts witnessed(bool valid, TakeoverOrigin origin = TakeoverOrigin::None,
                     bool reached = true) {
    return FenceFacts{.witness_mode = true,
                      .witness_valid = valid,
                      .origin = origin,
                      .takeover_reached = reached};
}

// An address in each half of the free pool.
uint32_t addressOf(Role owner) {
    for (uint32_t a = 0xC0000264; a < 0xC0000300; ++a) {
        if (freeAddressOwner(a) == owner) {
            return a;
        }
    }
    BOOST_FAIL("no address found");
    return 0;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(fencing)

BOOST_AUTO_TEST_CASE(without_a_witness_nothing_changes) {
    const FenceFacts none{};
    BOOST_TEST((allocationRight(HaState::Normal, none) == AllocationRight::WholePool));
    BOOST_TEST(
        (allocationRight(HaState::CommunicationsInterrupted, none) == AllocationRight::OwnHalf));
    BOOST_TEST((allocationRight(HaState::PartnerDown, none) == AllocationRight::WholePool));
}

BOOST_AUTO_TEST_CASE(a_cut_off_rack_never_allocates_what_its_partner_does_not_know) {
    // Communications-interrupted with a witness: renew only, with or without the region.
    for (bool valid : {true, false}) {
        BOOST_TEST((allocationRight(HaState::CommunicationsInterrupted, witnessed(valid)) ==
                    AllocationRight::RenewOnly));
    }
    // Partner-down held without a witness lease (auto timeout or an earlier takeover while the
    // region is gone): renew only, so the other rack may be given the pool.
    for (auto origin : {TakeoverOrigin::Witness, TakeoverOrigin::Automatic}) {
        BOOST_TEST((allocationRight(HaState::PartnerDown, witnessed(false, origin)) ==
                    AllocationRight::RenewOnly));
    }
}

BOOST_AUTO_TEST_CASE(the_survivor_waits_for_the_dead_racks_lease) {
    BOOST_TEST(
        (allocationRight(HaState::PartnerDown, witnessed(true, TakeoverOrigin::Witness, false)) ==
         AllocationRight::RenewOnly));
    BOOST_TEST((allocationRight(HaState::PartnerDown, witnessed(true, TakeoverOrigin::Witness)) ==
                AllocationRight::WholePool));
}

BOOST_AUTO_TEST_CASE(the_operators_partner_down_is_final) {
    BOOST_TEST(
        (allocationRight(HaState::PartnerDown, witnessed(false, TakeoverOrigin::Operator, false)) ==
         AllocationRight::WholePool));
}

BOOST_AUTO_TEST_CASE(rights_map_to_addresses) {
    const uint32_t mine = addressOf(Role::Secondary);
    const uint32_t theirs = addressOf(Role::Primary);
    BOOST_TEST(allowsAddress(AllocationRight::WholePool, Role::Secondary, theirs));
    BOOST_TEST(allowsAddress(AllocationRight::OwnHalf, Role::Secondary, mine));
    BOOST_TEST(!allowsAddress(AllocationRight::OwnHalf, Role::Secondary, theirs));
    BOOST_TEST(!allowsAddress(AllocationRight::RenewOnly, Role::Secondary, mine));
}

// The constants the region generates: a healthy rack renews twice within T, the region's dead
// limit N is past the fence horizon (so the survivor never waits after being told), and a
// killed rack's partner has the whole pool within 15 s.
BOOST_AUTO_TEST_CASE(default_constants_are_sound) {
    const WitnessTiming t = defaultWitnessTiming();
    BOOST_TEST(timingIsSound(t));
    BOOST_TEST(t.fence_time_ms == 4000u);
    BOOST_TEST(t.dead_after_ms == 5000u);
    BOOST_TEST(survivorWaitMs(t, t.dead_after_ms) == 0);
    BOOST_TEST(worstTakeoverMs(t) <= 15000);
    BOOST_TEST(worstTakeoverMs(t) == 7000);
}

BOOST_AUTO_TEST_CASE(survivor_wait_covers_the_fence_horizon) {
    const WitnessTiming t = defaultWitnessTiming();
    // T = 4000 ms, stretched by 2 x 1000 ppm (8 ms), plus the 250 ms margin.
    BOOST_TEST(survivorWaitMs(t, 0) == 4258);
    BOOST_TEST(survivorWaitMs(t, 1000) == 3258);
    BOOST_TEST(survivorWaitMs(t, 4258) == 0);
    BOOST_TEST(survivorWaitMs(t, -5) == 4258);  // a clock that went backwards counts as now
}

BOOST_AUTO_TEST_CASE(unsound_constants_are_recognised) {
    WitnessTiming t = defaultWitnessTiming();
    t.fence_time_ms = 3000;  // a healthy rack would lapse under a slow region
    BOOST_TEST(!timingIsSound(t));
    t = defaultWitnessTiming();
    t.dead_after_ms = 3000;  // dead before the lease could have run out: survivor would wait
    BOOST_TEST(!timingIsSound(t));
    BOOST_TEST(survivorWaitMs(t, t.dead_after_ms) == 1258);
    t.fence_time_ms = 0;
    BOOST_TEST(!timingIsSound(t));
}

BOOST_AUTO_TEST_SUITE_END()
