// A server whose pull of the partner's leases is unfinished never serves from its partial lease
// set: two HaService instances over loopback, the partner taken away mid-pull, time moved past
// max-response-delay on a manual clock. The puller stays in startup (answers nobody) until the
// partner is back and the pull is finished, or until the operator declares partner-down.
#include <boost/test/unit_test.hpp>

#include <chrono>

#include "ha_service_harness.h"
#include "maas/test/manual_clock.h"

using namespace maas::hooks;
using namespace maas::hooks::testing;

namespace {

constexpr uint32_t kLeases = 300;
constexpr uint32_t kFirst = 0x0A000100;
const auto kPastMaxResponseDelay = std::chrono::milliseconds(5001);  // the parameter's default

std::vector<LeaseRecord> partnerLeases() {
    std::vector<LeaseRecord> leases;
    for (uint32_t i = 0; i < kLeases; ++i) {
        leases.push_back(lease(kFirst + i));
    }
    return leases;
}

// A primary holding kLeases and serving alone, an empty secondary that pulled part of them
// when the primary goes away.
struct CutMidPull {
    CutMidPull() : secret(maas::Secret::generate().bytes()) {
        a = std::make_unique<Server>(Role::Primary, secret, loop, partnerLeases(), 2, 0, clock);
        clock.advance(kPastMaxResponseDelay);
        BOOST_REQUIRE(
            loop.runUntil([&] { return a->state() == HaState::CommunicationsInterrupted; }));
        b = std::make_unique<Server>(Role::Secondary, secret, loop, std::vector<LeaseRecord>{}, 2,
                                     0, clock);
        b->service.setStatsPublisher([this](const HaStatus&) { ++b_ticks; });
        clock.advance(std::chrono::milliseconds(250));  // the primary dials again (every 200 ms)
        BOOST_REQUIRE(loop.runUntil([&] { return b->store.leases.size() >= 40; }));
        a.reset();  // the primary goes away mid-pull
        BOOST_REQUIRE(loop.runUntil([&] { return !b->service.status().link_up; }));
        BOOST_REQUIRE(b->store.leases.size() < kLeases);
    }
    /// Moves time past max-response-delay and waits for one of the puller's ticks to see it.
    void outlastMaxResponseDelay() {
        clock.advance(kPastMaxResponseDelay);
        const int before = b_ticks;
        BOOST_REQUIRE(loop.runUntil([&] { return b_ticks > before; }));  // published each 1 s
    }
    /// secs past load-balance-max-seconds: in normal either server answers such a client.
    bool pullerAnswersAnyone() {
        for (uint8_t last = 0; last < 16; ++last) {
            QueryFacts query;
            query.hw_address = {0x52, 0x54, 0, 9, 9, last};
            query.secs = 60;
            if (b->service.shouldAnswer(query)) {
                return true;
            }
        }
        return false;
    }

    maas::test::ManualClock clock;
    Bytes secret;
    PollWatcher loop;
    std::unique_ptr<Server> a;
    std::unique_ptr<Server> b;
    int b_ticks = 0;
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(a_cut_pull_serves_nobody_until_it_is_finished, CutMidPull) {
    outlastMaxResponseDelay();
    BOOST_TEST((b->state() == HaState::Startup));
    BOOST_TEST(!pullerAnswersAnyone());
    BOOST_TEST(!b->service.mayAllocate(kFirst + kLeases - 1, false));  // the partner's, unpulled
    BOOST_TEST((b->service.status().allocation == AllocationRight::RenewOnly));
    outlastMaxResponseDelay();  // however long the partner stays away
    BOOST_TEST((b->state() == HaState::Startup));

    // The partner is back (restarted, same lease file): the pull is finished, then normal.
    a = std::make_unique<Server>(Role::Primary, secret, loop, partnerLeases(), 2, 0, clock);
    BOOST_REQUIRE(loop.runUntil(
        [&] { return b->state() == HaState::Normal && a->state() == HaState::Normal; }));
    BOOST_TEST(b->store.leases.size() == size_t{kLeases});
    BOOST_TEST((b->store.leases == a->store.leases));
    BOOST_TEST(pullerAnswersAnyone());  // normal: it answers (a client waiting this long) again
}

BOOST_FIXTURE_TEST_CASE(the_operator_can_still_put_a_cut_puller_in_charge, CutMidPull) {
    outlastMaxResponseDelay();
    BOOST_TEST((b->state() == HaState::Startup));
    // The witness never orders it: it does not hold the partner's leases.
    BOOST_TEST(b->service.witnessPartnerDown(0).find("not taking over") == 0U);
    BOOST_TEST((b->state() == HaState::Startup));
    // The operator vouches that the partner is down: final, as in MAAS.
    b->service.partnerDown();
    BOOST_TEST((b->state() == HaState::PartnerDown));
    BOOST_TEST(pullerAnswersAnyone());
    BOOST_TEST(b->service.mayAllocate(kFirst + kLeases + 1, false));
}
