#include <boost/test/unit_test.hpp>

#include <chrono>
#include <thread>

#include "maas/region/api/list_flights.h"

using namespace maas::region;
using api::ListFlights;
using api::ListStamp;
using Role = ListFlights::Role;
using namespace std::chrono_literals;

namespace {

// A clock that moves only when the test moves it.
struct FakeClock {
    std::chrono::steady_clock::time_point now{std::chrono::seconds(1000)};
    ListFlights::Clock fn() {
        return [this] { return now; };
    }
};

ListFlights::Answer answer(const std::string& body) {
    return std::make_shared<const http::Response>(http::Response::json(body));
}

const ListStamp g1{1, ""}, g2{2, ""}, g1_rack{1, "abc"};

}  // namespace

BOOST_AUTO_TEST_SUITE(list_flights)

BOOST_AUTO_TEST_CASE(the_first_miss_leads_the_same_key_and_stamp_follows) {
    FakeClock clock;
    ListFlights flights(10s, clock.fn());
    auto lead = flights.join("k", g1);
    BOOST_TEST((lead.role() == Role::lead));
    BOOST_TEST((flights.join("k", g1).role() == Role::follow));
    BOOST_TEST((flights.join("other", g1).role() == Role::lead));  // another key: its own
    BOOST_TEST(flights.flying() == 1u);  // the other key's leader went out of scope: landed
}

BOOST_AUTO_TEST_CASE(another_stamp_leads_a_new_flight_and_the_old_still_lands) {
    FakeClock clock;
    ListFlights flights(10s, clock.fn());
    auto old_lead = flights.join("k", g1);
    auto old_follower = flights.join("k", g1);
    auto new_lead = flights.join("k", g2);  // a write committed: never the g1 answer
    BOOST_TEST((new_lead.role() == Role::lead));
    auto rack_lead = flights.join("k", g1_rack);  // a rack went silent
    BOOST_TEST((rack_lead.role() == Role::lead));
    auto new_follower = flights.join("k", g2);
    BOOST_TEST((new_follower.role() == Role::lead));  // g1_rack's flight held the key
    const auto a1 = answer("[1]");
    flights.land(old_lead, a1);
    BOOST_TEST(flights.await(old_follower) == a1);
    BOOST_TEST(flights.flying() == 1u);  // the old landing left the newest flight alone
}

BOOST_AUTO_TEST_CASE(followers_get_the_leaders_answer_itself) {
    FakeClock clock;
    ListFlights flights(10s, clock.fn());
    auto lead = flights.join("k", g1);
    auto f1 = flights.join("k", g1);
    auto f2 = flights.join("k", g1);
    const auto a = answer("[1,2]");
    flights.land(lead, a);
    BOOST_TEST(flights.await(f1) == a);  // the same bytes, not a copy
    BOOST_TEST(flights.await(f2) == a);
    BOOST_TEST(flights.shared() == 2u);
    BOOST_TEST(flights.flying() == 0u);
    // Landed: the next miss (the cache holds the answer by now) leads a flight of its own.
    BOOST_TEST((flights.join("k", g1).role() == Role::lead));
}

BOOST_AUTO_TEST_CASE(a_failed_build_wakes_followers_with_nothing) {
    FakeClock clock;
    ListFlights flights(10s, clock.fn());
    auto f1 = [&] {
        auto lead = flights.join("k", g1);
        auto follower = flights.join("k", g1);
        return follower;
    }();  // the leader's ticket went away unlanded (a throw, an error answer)
    BOOST_TEST(!flights.await(f1));
    auto lead = flights.join("k", g1);
    auto f2 = flights.join("k", g1);
    flights.land(lead, nullptr);  // built, but the stamp moved: not this stamp's answer
    BOOST_TEST(!flights.await(f2));
    BOOST_TEST(flights.shared() == 0u);
    BOOST_TEST(flights.flying() == 0u);
}

BOOST_AUTO_TEST_CASE(a_stuck_flight_is_waited_for_at_most_max_wait) {
    FakeClock clock;
    ListFlights flights(10s, clock.fn());
    auto stuck = flights.join("k", g1);
    clock.now += 9s;
    auto f1 = flights.join("k", g1);
    BOOST_TEST((f1.role() == Role::follow));
    clock.now += 1s;                 // ten seconds since the flight began
    BOOST_TEST(!flights.await(f1));  // at once: no real waiting past the bound
    BOOST_TEST(flights.waiting() == 0u);
    // Late arrivals lead a new flight instead of joining the stuck one.
    auto next = flights.join("k", g1);
    BOOST_TEST((next.role() == Role::lead));
    auto f2 = flights.join("k", g1);
    BOOST_TEST((f2.role() == Role::follow));
    const auto a = answer("[]");
    flights.land(next, a);
    BOOST_TEST(flights.await(f2) == a);
    flights.land(stuck, answer("[old]"));  // the stuck one lands at last: harmless
    BOOST_TEST(flights.flying() == 0u);
}

BOOST_AUTO_TEST_CASE(landing_twice_or_by_a_follower_changes_nothing) {
    FakeClock clock;
    ListFlights flights(10s, clock.fn());
    auto lead = flights.join("k", g1);
    auto follower = flights.join("k", g1);
    flights.land(follower, answer("[bad]"));  // only the leader lands
    const auto a = answer("[1]");
    flights.land(lead, a);
    flights.land(lead, answer("[2]"));
    BOOST_TEST(flights.await(follower) == a);
    BOOST_TEST(!flights.await(lead));  // a leader awaits nothing
}

BOOST_AUTO_TEST_CASE(a_waiting_follower_wakes_when_the_leader_lands_on_another_thread) {
    ListFlights flights(30s);  // the real clock
    auto lead = flights.join("k", g1);
    ListFlights::Answer got;
    std::thread follower([&] {
        auto ticket = flights.join("k", g1);
        got = flights.await(ticket);
    });
    // Bounded wait for the follower to be waiting, then land.
    for (int i = 0; i < 10000 && flights.waiting() == 0; ++i)
        std::this_thread::sleep_for(1ms);
    BOOST_TEST(flights.waiting() == 1u);
    const auto a = answer("[1]");
    flights.land(lead, a);
    follower.join();
    BOOST_TEST(got == a);
    BOOST_TEST(flights.waiting() == 0u);
}

BOOST_AUTO_TEST_CASE(a_leader_that_throws_on_another_thread_wakes_the_follower) {
    ListFlights flights(30s);
    std::atomic<bool> joined{false};
    ListFlights::Answer got = answer("unset");
    std::thread follower;
    try {
        auto lead = flights.join("k", g1);
        follower = std::thread([&] {
            auto ticket = flights.join("k", g1);
            joined = true;
            got = flights.await(ticket);
        });
        for (int i = 0; i < 10000 && !joined; ++i)
            std::this_thread::sleep_for(1ms);
        throw std::runtime_error("the build failed");
    } catch (const std::runtime_error&) {
    }
    follower.join();
    BOOST_TEST(!got);
}

BOOST_AUTO_TEST_SUITE_END()
