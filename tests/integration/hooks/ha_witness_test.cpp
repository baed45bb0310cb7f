// The witness fencing rules on two real HaService instances over loopback: with `fence-time`
// set, a server whose partner is gone hands out no new address until the witness orders a
// takeover, the order's wait and the server's own witness lease bound it, and the operator's
// partner-down stays final. The services read a manual clock: the waits are stepped through
// to the millisecond, not slept.
#include <boost/test/unit_test.hpp>

#include <chrono>

#include "ha_service_harness.h"
#include "maas/test/manual_clock.h"

using namespace maas::hooks;
using namespace maas::hooks::testing;
using std::chrono::milliseconds;

namespace {

constexpr uint32_t kFenceMs = 1000;  // the smallest fence-time
constexpr uint32_t kNewAddress = 0x0A000063;

int64_t msOf(const maas::Clock& clock) {
    return std::chrono::duration_cast<milliseconds>(clock.now().time_since_epoch()).count();
}

// A witnessed pair in normal: `a` stays, `b` is the partner a test takes away. Time stands
// still until a test moves it, so the pair's heartbeats never look overdue.
struct WitnessedPair {
    WitnessedPair()
        : secret(maas::Secret::generate().bytes()),
          a(Role::Primary, secret, loop, {}, 2, kFenceMs, clock),
          b(std::make_unique<Server>(Role::Secondary, secret, loop, std::vector<LeaseRecord>{}, 2,
                                     kFenceMs, clock)) {
        BOOST_REQUIRE(loop.runUntil(
            [&] { return a.state() == HaState::Normal && b->state() == HaState::Normal; }));
    }
    void partnerLeaves() {
        b.reset();
        BOOST_REQUIRE(
            loop.runUntil([&] { return a.state() == HaState::CommunicationsInterrupted; }));
    }
    maas::test::ManualClock clock;
    Bytes secret;
    PollWatcher loop;
    Server a;
    std::unique_ptr<Server> b;
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(witness_orders_the_takeover_and_fences_both_sides, WitnessedPair) {
    BOOST_TEST(a.service.mayAllocate(kNewAddress, false));
    BOOST_TEST(a.service.status().holds_partner_leases);

    // The partner leaves: renew only, whatever half the address is in.
    partnerLeaves();
    for (uint32_t address = kNewAddress; address < kNewAddress + 4; ++address) {
        BOOST_TEST(!a.service.mayAllocate(address, false));
    }
    BOOST_TEST(a.service.mayAllocate(kNewAddress, true));
    BOOST_TEST((a.service.status().allocation == AllocationRight::RenewOnly));

    // A contact from the future (a confused or hostile caller) is ignored.
    BOOST_TEST(a.service.witnessContact(msOf(clock) + 1).find("future") != std::string::npos);
    BOOST_TEST(!a.service.status().witness_valid);

    // The order: partner-down at once, the whole pool only after the wait and with a lease.
    a.service.witnessContact(msOf(clock));
    a.service.witnessPartnerDown(300);
    BOOST_TEST((a.state() == HaState::PartnerDown));
    BOOST_TEST((a.service.status().takeover_origin == TakeoverOrigin::Witness));
    BOOST_TEST(!a.service.mayAllocate(kNewAddress, false));
    clock.advance(milliseconds(299));
    BOOST_TEST(!a.service.mayAllocate(kNewAddress, false));
    BOOST_TEST(a.service.status().takeover_in_ms == 1);
    clock.advance(milliseconds(1));
    BOOST_TEST(a.service.mayAllocate(kNewAddress, false));
    BOOST_TEST(a.service.status().last_failover_reason == "witness");

    // No renewed witness lease: the survivor fences itself too (it may be the one cut off).
    clock.advance(milliseconds(kFenceMs - 300 - 1));
    BOOST_TEST(a.service.mayAllocate(kNewAddress, false));
    clock.advance(milliseconds(1));
    BOOST_TEST(!a.service.mayAllocate(kNewAddress, false));
    BOOST_TEST(!a.service.status().witness_valid);
    // Renewals stay allowed while fenced; a fresh contact lifts the fence at once.
    BOOST_TEST(a.service.mayAllocate(kNewAddress, true));
    a.service.witnessContact(msOf(clock));
    BOOST_TEST(a.service.mayAllocate(kNewAddress, false));
    // A contact older than the one held never shortens the lease.
    a.service.witnessContact(msOf(clock) - 900);
    clock.advance(milliseconds(kFenceMs - 1));
    BOOST_TEST(a.service.mayAllocate(kNewAddress, false));
    clock.advance(milliseconds(1));
    BOOST_TEST(!a.service.mayAllocate(kNewAddress, false));
    a.service.witnessContact(msOf(clock));
    // A second order changes nothing.
    BOOST_TEST(a.service.witnessPartnerDown(5000) == "already in partner-down");
    BOOST_TEST(a.service.mayAllocate(kNewAddress, false));
}

BOOST_FIXTURE_TEST_CASE(an_order_on_a_stale_report_is_ignored, WitnessedPair) {
    // Still normal (the order was decided before the link came back): nothing changes.
    BOOST_TEST(a.service.witnessPartnerDown(0).find("not taking over: state is normal") == 0U);
    BOOST_TEST((a.state() == HaState::Normal));
}

BOOST_AUTO_TEST_CASE(a_server_that_never_synced_does_not_take_over) {
    // Started alone (its partner's leases never pulled): the startup timeout makes it
    // communications-interrupted, but an order does not make it take the pool.
    maas::test::ManualClock clock;
    PollWatcher loop;
    Server alone(Role::Secondary, maas::Secret::generate().bytes(), loop, {}, 2, kFenceMs, clock);
    const auto maxResponseDelay = std::chrono::seconds(5);  // the parameter's default
    BOOST_TEST((alone.state() == HaState::Startup));
    clock.advance(maxResponseDelay + milliseconds(1));
    BOOST_REQUIRE(
        loop.runUntil([&] { return alone.state() == HaState::CommunicationsInterrupted; }));
    BOOST_TEST(!alone.service.status().holds_partner_leases);
    BOOST_TEST(alone.service.witnessPartnerDown(0).find("partner's leases not held") !=
               std::string::npos);
    BOOST_TEST((alone.state() == HaState::CommunicationsInterrupted));
}

BOOST_FIXTURE_TEST_CASE(operators_partner_down_is_final_with_a_witness, WitnessedPair) {
    partnerLeaves();
    a.service.partnerDown();  // no witness contact at all: the operator vouches
    BOOST_TEST((a.service.status().takeover_origin == TakeoverOrigin::Operator));
    BOOST_TEST(a.service.mayAllocate(kNewAddress, false));
}
