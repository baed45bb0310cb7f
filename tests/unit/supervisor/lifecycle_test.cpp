#include <boost/test/unit_test.hpp>

#include "maas/supervisor/lifecycle.h"

using namespace maas::supervisor;

namespace {

using S = ServiceState;
using E = ServiceEvent;
using A = ServiceAction;

struct Case {
    S state;
    E event;
    S next;
    A action;
};

// Every (state, event) pair, decided on purpose; one line each.
const Case kCases[] = {
    {S::Down, E::Start, S::Starting, A::Spawn},
    {S::Down, E::Stop, S::Down, A::None},
    {S::Down, E::Restart, S::Starting, A::Spawn},
    {S::Down, E::ReadySignalled, S::Down, A::None},
    {S::Down, E::Exited, S::Down, A::None},
    {S::Down, E::ExitedTooOften, S::Down, A::None},
    {S::Down, E::BackoffElapsed, S::Down, A::None},
    {S::Down, E::GraceElapsed, S::Down, A::None},

    {S::Starting, E::Start, S::Starting, A::None},
    {S::Starting, E::Stop, S::Stopping, A::Terminate},
    {S::Starting, E::Restart, S::Restarting, A::Terminate},
    {S::Starting, E::ReadySignalled, S::Ready, A::None},
    {S::Starting, E::Exited, S::Backoff, A::ArmBackoff},
    {S::Starting, E::ExitedTooOften, S::Failed, A::ReportFailed},
    {S::Starting, E::BackoffElapsed, S::Starting, A::None},
    {S::Starting, E::GraceElapsed, S::Starting, A::None},

    {S::Ready, E::Start, S::Ready, A::None},
    {S::Ready, E::Stop, S::Stopping, A::Terminate},
    {S::Ready, E::Restart, S::Restarting, A::Terminate},
    {S::Ready, E::ReadySignalled, S::Ready, A::None},
    {S::Ready, E::Exited, S::Backoff, A::ArmBackoff},
    {S::Ready, E::ExitedTooOften, S::Failed, A::ReportFailed},
    {S::Ready, E::BackoffElapsed, S::Ready, A::None},
    {S::Ready, E::GraceElapsed, S::Ready, A::None},

    {S::Stopping, E::Start, S::Restarting, A::None},
    {S::Stopping, E::Stop, S::Stopping, A::None},
    {S::Stopping, E::Restart, S::Restarting, A::None},
    {S::Stopping, E::ReadySignalled, S::Stopping, A::None},
    {S::Stopping, E::Exited, S::Down, A::None},
    {S::Stopping, E::ExitedTooOften, S::Down, A::None},
    {S::Stopping, E::BackoffElapsed, S::Stopping, A::None},
    {S::Stopping, E::GraceElapsed, S::Stopping, A::Kill},

    {S::Restarting, E::Start, S::Restarting, A::None},
    {S::Restarting, E::Stop, S::Stopping, A::None},
    {S::Restarting, E::Restart, S::Restarting, A::None},
    {S::Restarting, E::ReadySignalled, S::Restarting, A::None},
    {S::Restarting, E::Exited, S::Starting, A::Spawn},
    {S::Restarting, E::ExitedTooOften, S::Starting, A::Spawn},
    {S::Restarting, E::BackoffElapsed, S::Restarting, A::None},
    {S::Restarting, E::GraceElapsed, S::Restarting, A::Kill},

    {S::Backoff, E::Start, S::Backoff, A::None},
    {S::Backoff, E::Stop, S::Down, A::None},
    {S::Backoff, E::Restart, S::Starting, A::Spawn},
    {S::Backoff, E::ReadySignalled, S::Backoff, A::None},
    {S::Backoff, E::Exited, S::Backoff, A::None},
    {S::Backoff, E::ExitedTooOften, S::Backoff, A::None},
    {S::Backoff, E::BackoffElapsed, S::Starting, A::Spawn},
    {S::Backoff, E::GraceElapsed, S::Backoff, A::None},

    {S::Failed, E::Start, S::Starting, A::Spawn},
    {S::Failed, E::Stop, S::Down, A::None},
    {S::Failed, E::Restart, S::Starting, A::Spawn},
    {S::Failed, E::ReadySignalled, S::Failed, A::None},
    {S::Failed, E::Exited, S::Failed, A::None},
    {S::Failed, E::ExitedTooOften, S::Failed, A::None},
    {S::Failed, E::BackoffElapsed, S::Failed, A::None},
    {S::Failed, E::GraceElapsed, S::Failed, A::None},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(lifecycle)

BOOST_AUTO_TEST_CASE(every_pair_is_decided_as_specified) {
    BOOST_TEST(std::size(kCases) == 7u * 8u);
    for (const auto& c : kCases) {
        const Transition t = transition(c.state, c.event);
        BOOST_TEST_CONTEXT(stateName(c.state) << " x " << eventName(c.event)) {
            BOOST_TEST(stateName(t.next) == stateName(c.next));
            BOOST_TEST(actionName(t.action) == actionName(c.action));
        }
    }
}

BOOST_AUTO_TEST_CASE(process_exists_exactly_in_running_states) {
    BOOST_TEST(!hasProcess(S::Down));
    BOOST_TEST(hasProcess(S::Starting));
    BOOST_TEST(hasProcess(S::Ready));
    BOOST_TEST(hasProcess(S::Stopping));
    BOOST_TEST(hasProcess(S::Restarting));
    BOOST_TEST(!hasProcess(S::Backoff));
    BOOST_TEST(!hasProcess(S::Failed));
}

BOOST_AUTO_TEST_CASE(spawn_only_leads_to_a_process_state) {
    for (const auto& c : kCases) {
        if (c.action == A::Spawn) {
            BOOST_TEST(hasProcess(c.next));
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
