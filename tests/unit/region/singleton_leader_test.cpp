#include <boost/test/unit_test.hpp>

#include <random>
#include <vector>

#include "maas/region/worker/singleton_leader.h"

using namespace maas::region::worker;
using S = LeaderState;
using E = LeaderEvent;

namespace {

const S kStates[] = {S::Disconnected, S::Following, S::Leading};
const E kEvents[] = {E::Connected, E::ConnectFailed, E::LockWon,
                     E::LockBusy,  E::QueryFailed,   E::CheckOk};

bool losesSession(E e) {
    return e == E::ConnectFailed || e == E::QueryFailed;
}

// What the database guarantees, independently of the table: a session-level advisory lock is
// held from a won attempt on a live session until that session is lost. The table must never
// claim leadership the database does not give, nor drop leadership the database still gives
// (two workers could then both, or neither, run the cluster jobs).
struct DatabaseModel {
    bool session = false;
    bool lock_held = false;
    void apply(S before, E e) {
        if (losesSession(e)) {
            session = false;
            lock_held = false;
        } else if (e == E::Connected) {
            session = true;
        } else if (e == E::LockWon && session && before != S::Disconnected) {
            lock_held = true;
        }
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(singleton_leader)

BOOST_AUTO_TEST_CASE(losing_the_session_always_ends_leadership) {
    for (const auto s : kStates)
        for (const auto e : kEvents)
            if (losesSession(e))
                BOOST_TEST((nextLeaderState(s, e) == S::Disconnected), leaderStateName(s));
}

BOOST_AUTO_TEST_CASE(leadership_is_entered_only_by_winning_the_lock_on_a_session) {
    for (const auto s : kStates)
        for (const auto e : kEvents)
            if (s != S::Leading && nextLeaderState(s, e) == S::Leading)
                BOOST_TEST((s == S::Following && e == E::LockWon), leaderStateName(s));
}

BOOST_AUTO_TEST_CASE(a_leader_with_its_session_stays_leader) {
    for (const auto e : kEvents)
        if (!losesSession(e))
            BOOST_TEST((nextLeaderState(S::Leading, e) == S::Leading));
}

BOOST_AUTO_TEST_CASE(a_fresh_worker_can_become_leader) {
    auto s = nextLeaderState(S::Disconnected, E::Connected);
    s = nextLeaderState(s, E::LockBusy);
    BOOST_TEST((s == S::Following));
    BOOST_TEST((nextLeaderState(s, E::LockWon) == S::Leading));
}

BOOST_AUTO_TEST_CASE(random_histories_agree_with_what_the_database_grants) {
    std::mt19937 random(20261207);
    std::uniform_int_distribution<size_t> pick(0, std::size(kEvents) - 1);
    for (int history = 0; history < 2000; ++history) {
        S state = S::Disconnected;
        DatabaseModel db;
        for (int step = 0; step < 40; ++step) {
            const E e = kEvents[pick(random)];
            db.apply(state, e);
            state = nextLeaderState(state, e);
            BOOST_TEST_REQUIRE((state == S::Leading) == db.lock_held);
            BOOST_TEST_REQUIRE((state != S::Disconnected) == db.session);
        }
    }
}

BOOST_AUTO_TEST_CASE(state_names) {
    BOOST_TEST(std::string(leaderStateName(S::Leading)) == "leading");
    BOOST_TEST(std::string(leaderStateName(S::Following)) == "following");
    BOOST_TEST(std::string(leaderStateName(S::Disconnected)) == "disconnected");
}

BOOST_AUTO_TEST_SUITE_END()
