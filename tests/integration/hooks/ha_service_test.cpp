// Two HaService instances (the hook without Kea) talking over loopback TCP, with an in-memory
// lease store and a poll() loop standing in for Kea's main loop: parking until the partner
// stored the lease, backlog replay, a fresh partner's full pull, a wrong secret, and a
// standalone service (no partner) that only reports lease events. Batching: ha_batching_test.cpp.
#define BOOST_TEST_MODULE hook_service_tests
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include "ha_service_harness.h"
#include "maas/test/manual_clock.h"

using namespace maas::hooks;
using namespace maas::hooks::testing;

BOOST_AUTO_TEST_CASE(reply_waits_for_partner_then_backlog_and_fresh_partner_sync) {
    const Bytes secret = maas::Secret::generate().bytes();
    PollWatcher loop;
    Server a(Role::Primary, secret, loop);
    auto b = std::make_unique<Server>(Role::Secondary, secret, loop);
    BOOST_REQUIRE(loop.runUntil(
        [&] { return a.state() == HaState::Normal && b->state() == HaState::Normal; }));

    // Normal: the reply is parked and released only once the partner holds the lease.
    bool released = false;
    bool dropped = false;
    bool partnerHadItAtRelease = false;
    a.store.apply(lease(0x0A000001));
    BOOST_TEST(
        a.service.onLocalChanges({{lease(0x0A000001), "commit"}}, true, ParkedReply{[&](bool send) {
                                     if (!send) {
                                         dropped = true;
                                         return;
                                     }
                                     released = true;
                                     partnerHadItAtRelease = b->store.leases.count(0x0A000001) == 1;
                                 }}));
    BOOST_TEST(!released);
    BOOST_REQUIRE(loop.runUntil([&] { return released || dropped; }));
    BOOST_TEST(released);
    BOOST_TEST(partnerHadItAtRelease);
    BOOST_TEST(a.service.status().counters.updates_acked == 1U);

    // Expiry (lease4_expire) and release reach the partner too, without parking.
    LeaseRecord expired = lease(0x0A000001);
    expired.state = 2;
    BOOST_TEST(!a.service.onLocalChanges({{expired, "expire"}}, false, ParkedReply{}));
    BOOST_REQUIRE(loop.runUntil([&] { return b->store.leases.at(0x0A000001).state == 2U; }));
    LeaseRecord released1 = lease(0x0A000001);
    released1.op = LeaseRecord::Op::Delete;
    a.service.onLocalChanges({{released1, "release"}}, false, ParkedReply{});
    BOOST_REQUIRE(loop.runUntil([&] { return b->store.leases.count(0x0A000001) == 0U; }));
    a.store.apply(lease(0x0A000001));
    b->store.apply(lease(0x0A000001));

    // The partner leaves cleanly: communications-interrupted, changes go to the backlog and
    // replies are not held.
    b.reset();
    BOOST_REQUIRE(loop.runUntil([&] { return a.state() == HaState::CommunicationsInterrupted; }));
    for (uint32_t i = 2; i <= 20; ++i) {
        bool r = false;
        bool d = false;
        BOOST_TEST(!commit(a, lease(0x0A000000 + i), r, d));
    }
    BOOST_TEST(a.service.status().backlog == 19U);

    // A fresh, empty partner pulls everything (pages of 7) before it serves.
    b = std::make_unique<Server>(Role::Secondary, secret, loop);
    BOOST_REQUIRE(loop.runUntil(
        [&] { return a.state() == HaState::Normal && b->state() == HaState::Normal; }));
    BOOST_REQUIRE(loop.runUntil([&] { return b->store.leases.size() == 20U; }));
    BOOST_TEST(a.service.status().backlog == 0U);
    BOOST_TEST(b->service.status().counters.sync_leases_pulled >= 20U);
    BOOST_TEST((b->store.leases == a.store.leases));
}

BOOST_AUTO_TEST_CASE(changes_in_flight_when_the_partner_leaves_go_to_the_backlog) {
    const Bytes secret = maas::Secret::generate().bytes();
    PollWatcher loop;
    Server a(Role::Primary, secret, loop, {}, 0);
    auto b = std::make_unique<Server>(Role::Secondary, secret, loop, std::vector<LeaseRecord>{}, 0);
    BOOST_REQUIRE(loop.runUntil(
        [&] { return a.state() == HaState::Normal && b->state() == HaState::Normal; }));
    bool released = false;
    bool dropped = false;
    LeaseRecord committed = lease(0x0A000001);
    committed.client_id = {1, 2, 3};
    committed.hostname = "in-flight";
    a.store.apply(committed);
    BOOST_TEST(commit(a, committed, released, dropped));
    BOOST_TEST(a.service.status().counters.updates_sent == 1U);  // the frame left at once

    // The partner leaves before it read the frame: nothing acknowledged the change.
    b.reset();
    BOOST_REQUIRE(loop.runUntil([&] { return a.state() == HaState::CommunicationsInterrupted; }));
    BOOST_REQUIRE(loop.runUntil([&] { return released || dropped; }));
    BOOST_TEST(dropped);  // the client retries; no ACK for a lease the partner may lack
    BOOST_TEST(a.service.status().backlog == 1U);
    BOOST_TEST(a.service.status().counters.updates_acked == 0U);

    // A new partner gets the change, whole, and the backlog empties.
    b = std::make_unique<Server>(Role::Secondary, secret, loop, std::vector<LeaseRecord>{}, 0);
    BOOST_REQUIRE(loop.runUntil([&] {
        return a.state() == HaState::Normal && b->state() == HaState::Normal &&
               b->store.leases.count(0x0A000001) == 1U;
    }));
    BOOST_TEST((b->store.leases.at(0x0A000001) == committed));
    BOOST_TEST(a.service.status().backlog == 0U);
}

BOOST_AUTO_TEST_CASE(pull_advances_while_client_queries_stay_queued) {
    // Queries queued on the serving side hold each page back, but only for a bounded time:
    // a pull of many pages still completes, identical, under steady load.
    const Bytes secret = maas::Secret::generate().bytes();
    PollWatcher loop;
    std::vector<LeaseRecord> seed;
    for (uint32_t i = 1; i <= 100; ++i) {
        seed.push_back(lease(0x0A000000 + i));
    }
    Server a(Role::Primary, secret, loop, seed);
    loop.queries_waiting = true;
    Server b(Role::Secondary, secret, loop);
    BOOST_REQUIRE(loop.runUntil(
        [&] { return a.state() == HaState::Normal && b.state() == HaState::Normal; }));
    BOOST_TEST((b.store.leases == a.store.leases));
    BOOST_TEST(a.service.status().counters.sync_leases_served >= 100U);
    BOOST_TEST(a.service.status().counters.link_losses == 0U);
}

BOOST_FIXTURE_TEST_CASE(partner_that_served_alone_wins_the_resync, PartnerAway) {
    a.service.partnerDown();
    BOOST_REQUIRE(a.state() == HaState::PartnerDown);
    for (uint32_t i = 10; i <= 40; i += 2) {
        a.store.apply(lease(0x0A000000 + i));
    }
    // b went down holding leases committed locally but never stored by a (so never acked),
    // spread over the first, a middle and past the last of a's pages of 7, and a stale copy.
    LeaseRecord stale = lease(0x0A000014);
    stale.valid_lifetime = 60;
    const std::vector<LeaseRecord> seed{lease(0x0A000003), lease(0x0A000019), lease(0x0A0000F0),
                                        stale};
    b = std::make_unique<Server>(Role::Secondary, secret, loop, seed);
    BOOST_REQUIRE(loop.runUntil(
        [&] { return a.state() == HaState::Normal && b->state() == HaState::Normal; }));
    BOOST_TEST(b->store.leases.size() == a.store.leases.size());
    BOOST_TEST((b->store.leases == a.store.leases));
    BOOST_TEST(b->store.leases.count(0x0A000003) == 0U);
    BOOST_TEST(b->store.leases.at(0x0A000014).valid_lifetime == 600U);
}

BOOST_AUTO_TEST_CASE(wrong_secret_is_refused_and_primary_serves_alone) {
    maas::test::ManualClock clock;  // max-response-delay passes when the test says so
    PollWatcher loop;
    Server a(Role::Primary, maas::Secret::generate().bytes(), loop, {}, 2, 0, clock);
    Server b(Role::Secondary, maas::Secret::generate().bytes(), loop, {}, 2, 0, clock);
    // The secondary counts every refused connection (the primary may see only a TLS failure).
    BOOST_REQUIRE(loop.runUntil([&] { return b.service.status().counters.auth_failures > 0; }));
    BOOST_TEST(!a.service.status().link_up);
    BOOST_TEST(!b.service.status().link_up);
    BOOST_TEST(b.store.leases.empty());
    BOOST_TEST(b.sink->contains("MAAS_HA_AUTH_FAILED"));
    // Nobody shows up within max-response-delay: the primary serves alone.
    BOOST_TEST((a.state() == HaState::Startup));
    clock.advance(std::chrono::milliseconds(5001));
    BOOST_REQUIRE(loop.runUntil([&] { return a.state() == HaState::CommunicationsInterrupted; }));
    QueryFacts q;
    q.hw_address = {1, 2, 3, 4, 5, 6};
    BOOST_TEST(a.service.shouldAnswer(q));
}

BOOST_AUTO_TEST_CASE(standalone_serves_everyone_and_only_reports_lease_events) {
    // rackd's side of the event socket: a bound unix datagram socket.
    const std::string path = "/tmp/maas-ha-standalone-" + std::to_string(::getpid()) + ".sock";
    maas::UniqueFd rackd = bindRackd(path);

    PollWatcher loop;
    MemoryStore store;
    HaService service(parseParameters({{"role", std::string("standalone")},
                                       {"address", std::string("127.0.0.1")},
                                       {"event-socket", path}}),
                      {}, store, loop, std::make_shared<maas::MemorySink>(), maas::steadyClock());
    service.start();
    BOOST_TEST((service.status().state == HaState::Standalone));
    BOOST_TEST((service.status().role == Role::Standalone));
    BOOST_TEST(!service.status().link_up);
    BOOST_TEST(service.shouldAnswer(QueryFacts{}));
    BOOST_TEST(service.mayAllocate(0x7f000005, false));
    BOOST_TEST(service.grantedLifetime(7200) == 7200U);

    bool released = false, dropped = false;
    const LeaseRecord l = lease(0xC0000210);
    BOOST_TEST(!service.onLocalChanges({{l, "commit"}}, true, ParkedReply{[&](bool send) {
                                           (send ? released : dropped) = true;
                                       }}));  // answer now
    char line[512] = {};
    const ssize_t n = ::recv(rackd.get(), line, sizeof line - 1, MSG_DONTWAIT);
    BOOST_REQUIRE(n > 0);
    const std::string text(line, static_cast<size_t>(n));
    BOOST_TEST(text.rfind("lease action=commit ip=192.0.2.16 mac=52:54:00:00:02:10 ", 0) == 0);
    BOOST_TEST(text.find(" origin=local hook=") != std::string::npos);
    BOOST_TEST(text.find(" seq=1\n") != std::string::npos);

    // The loop runs (ticks) without a partner and nothing changes.
    loop.runUntil([] { return false; }, 300);
    BOOST_TEST((service.status().state == HaState::Standalone));
    BOOST_TEST(service.partnerDown() == "standalone: there is no partner");
    BOOST_TEST(service.resync() == "standalone: there is no partner to resync with");
    BOOST_TEST((service.status().state == HaState::Standalone));
    BOOST_TEST(!released);
    BOOST_TEST(!dropped);
    ::unlink(path.c_str());
}

BOOST_FIXTURE_TEST_CASE(a_resync_asked_while_the_partner_is_away_runs_when_it_is_back,
                        PartnerAway) {
    const uint64_t pulls = a.service.status().counters.sync_pulls_from_start;
    BOOST_TEST(a.service.resync() == "partner unreachable; resync starts when the link is up");
    BOOST_TEST((a.state() == HaState::CommunicationsInterrupted));  // nothing to pull from yet
    b = std::make_unique<Server>(Role::Secondary, secret, loop,
                                 std::vector<LeaseRecord>{lease(0x0A000042)});
    // Back: the table alone would go straight to normal; the pending resync pulls first.
    BOOST_REQUIRE(loop.runUntil([&] {
        return a.service.status().counters.sync_pulls_from_start > pulls &&
               a.state() == HaState::Normal && b->state() == HaState::Normal;
    }));
    BOOST_TEST(a.store.leases.count(0x0A000042) == 1U);  // only a pull brings it: b never sent it
}
