#include <boost/test/unit_test.hpp>

#include "maas/region/worker/singleton_leader.h"

using namespace maas::region::worker;
using S = LeaderState;
using E = LeaderEvent;

BOOST_AUTO_TEST_SUITE(singleton_leader)

BOOST_AUTO_TEST_CASE(every_state_and_event_is_decided) {
    struct Row {
        S state;
        E event;
        S next;
    };
    const Row table[] = {
        {S::Disconnected, E::Connected, S::Following},
        {S::Disconnected, E::ConnectFailed, S::Disconnected},
        {S::Disconnected, E::LockWon, S::Disconnected},  // no session: cannot hold a lock
        {S::Disconnected, E::LockBusy, S::Disconnected},
        {S::Disconnected, E::QueryFailed, S::Disconnected},
        {S::Disconnected, E::CheckOk, S::Disconnected},
        {S::Following, E::Connected, S::Following},
        {S::Following, E::ConnectFailed, S::Disconnected},
        {S::Following, E::LockWon, S::Leading},
        {S::Following, E::LockBusy, S::Following},
        {S::Following, E::QueryFailed, S::Disconnected},
        {S::Following, E::CheckOk, S::Following},
        {S::Leading, E::Connected, S::Leading},
        {S::Leading, E::ConnectFailed, S::Disconnected},
        {S::Leading, E::LockWon, S::Leading},
        {S::Leading, E::LockBusy, S::Leading},          // a lock held on this session stays held
        {S::Leading, E::QueryFailed, S::Disconnected},  // session gone = lock released
        {S::Leading, E::CheckOk, S::Leading},
    };
    for (const auto& row : table)
        BOOST_TEST((nextLeaderState(row.state, row.event) == row.next),
                   leaderStateName(row.state) << " x " << static_cast<int>(row.event));
}

BOOST_AUTO_TEST_CASE(state_names) {
    BOOST_TEST(std::string(leaderStateName(S::Leading)) == "leading");
    BOOST_TEST(std::string(leaderStateName(S::Following)) == "following");
    BOOST_TEST(std::string(leaderStateName(S::Disconnected)) == "disconnected");
}

BOOST_AUTO_TEST_SUITE_END()
