#include <boost/test/unit_test.hpp>

#include <array>
#include <set>
#include <string>
#include <vector>

#include "maas/hooks/ha_state.h"

using namespace maas::hooks;

namespace {

constexpr std::array kPartnered = {HaState::Startup,     HaState::Sync,
                                   HaState::Normal,      HaState::CommunicationsInterrupted,
                                   HaState::PartnerDown, HaState::Recover};
constexpr std::array kRoles = {Role::Primary, Role::Secondary};

bool pulling(HaState s) {
    return s == HaState::Sync || s == HaState::Recover;
}
bool serves(HaState s) {
    return servingIn(s) != Serving::Nobody;
}

// Calls check(state, event, role, transition) for every cell of a partnered server.
template <typename Check>
void forEveryCell(Check check) {
    for (Role role : kRoles) {
        for (HaState state : kPartnered) {
            for (int e = 0; e < kHaEventCount; ++e) {
                const auto event = static_cast<HaEvent>(e);
                BOOST_TEST_CONTEXT(stateName(state)
                                   << " x " << eventName(event) << " as " << roleName(role)) {
                    check(state, event, role, transition(state, event, role));
                }
            }
        }
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ha_state)

// The table is checked by what its decisions must guarantee, not against a second copy of it:
// a copy shares the table's mistakes. Together these properties pin every cell.

BOOST_AUTO_TEST_CASE(the_whole_pool_is_taken_only_on_evidence_the_partner_is_gone) {
    // Operator's word, the auto-partner-down clock (armed only in communications-interrupted),
    // or a crash seen from normal, where synchronous replication means we hold all it ACKed.
    forEveryCell([](HaState state, HaEvent event, Role, HaTransition t) {
        if (t.next != HaState::PartnerDown || state == HaState::PartnerDown) {
            return;
        }
        const bool evidence = event == HaEvent::PartnerDownCommand ||
                              (event == HaEvent::AutoPartnerDownTimeout &&
                               state == HaState::CommunicationsInterrupted) ||
                              (event == HaEvent::PartnerCrashed &&
                               (state == HaState::Normal || state == HaState::Sync));
        BOOST_TEST(evidence);
    });
    // And each such piece of evidence is acted on.
    for (Role role : kRoles) {
        const HaTransition timer =
            transition(HaState::CommunicationsInterrupted, HaEvent::AutoPartnerDownTimeout, role);
        BOOST_TEST((timer.next == HaState::PartnerDown));
        BOOST_TEST(timer.actions == 0U);
        const HaTransition crash = transition(HaState::Normal, HaEvent::PartnerCrashed, role);
        BOOST_TEST((crash.next == HaState::PartnerDown));
        BOOST_TEST(crash.actions == kFailPending);
        // The link coming back does not end partner-down: the partner must sync and say normal.
        const HaTransition back = transition(HaState::PartnerDown, HaEvent::LinkUp, role);
        BOOST_TEST((back.next == HaState::PartnerDown));
        BOOST_TEST(back.actions == kReplayBacklog);
    }
}

BOOST_AUTO_TEST_CASE(a_partnered_server_never_becomes_standalone) {
    forEveryCell([](HaState, HaEvent, Role, HaTransition t) {
        BOOST_TEST((t.next != HaState::Standalone));
    });
}

BOOST_AUTO_TEST_CASE(the_operators_partner_down_is_obeyed_from_every_partnered_state) {
    forEveryCell([](HaState, HaEvent event, Role, HaTransition t) {
        if (event == HaEvent::PartnerDownCommand) {
            BOOST_TEST((t.next == HaState::PartnerDown));
        }
    });
}

BOOST_AUTO_TEST_CASE(a_silent_server_starts_serving_only_after_a_pull_a_timeout_or_the_operator) {
    forEveryCell([](HaState state, HaEvent event, Role, HaTransition t) {
        if (serves(state) || !serves(t.next)) {
            return;
        }
        const bool allowed = (event == HaEvent::SyncComplete && pulling(state)) ||
                             (event == HaEvent::StartupTimeout && state == HaState::Startup) ||
                             event == HaEvent::PartnerDownCommand;
        BOOST_TEST(allowed);
    });
}

BOOST_AUTO_TEST_CASE(a_finished_pull_leads_to_normal_and_sends_what_queued_meanwhile) {
    for (Role role : kRoles) {
        for (HaState state : {HaState::Sync, HaState::Recover}) {
            const HaTransition t = transition(state, HaEvent::SyncComplete, role);
            BOOST_TEST((t.next == HaState::Normal));
            BOOST_TEST(t.actions == kReplayBacklog);
        }
    }
}

BOOST_AUTO_TEST_CASE(losing_the_link_never_widens_what_a_server_answers) {
    forEveryCell([](HaState state, HaEvent event, Role, HaTransition t) {
        if (event != HaEvent::LinkLost) {
            return;
        }
        if (state == HaState::Normal) {  // split -> own half of the free pool, clock armed
            BOOST_TEST((t.next == HaState::CommunicationsInterrupted));
        } else if (state == HaState::Sync) {  // a partial lease set: back to waiting
            BOOST_TEST((t.next == HaState::Startup));
        } else {
            BOOST_TEST((t.next == state));
        }
    });
    // Mid-pull a crashed partner is a lost link: our lease set is partial either way.
    for (Role role : kRoles) {
        const HaTransition t = transition(HaState::Sync, HaEvent::PartnerCrashed, role);
        BOOST_TEST((t.next == HaState::Startup));
        BOOST_TEST(t.actions == 0U);
    }
}

BOOST_AUTO_TEST_CASE(a_partner_in_partner_down_is_never_answered_by_a_second_owner_of_the_pool) {
    // It took over while we were away: we pull what it handed out before serving again. Only
    // a primary already in partner-down keeps it (the secondary yields; next test).
    forEveryCell([](HaState state, HaEvent event, Role role, HaTransition t) {
        if (event != HaEvent::PartnerInPartnerDown) {
            return;
        }
        if (state == HaState::PartnerDown && role == Role::Primary) {
            BOOST_TEST((t.next == HaState::PartnerDown));
        } else {
            BOOST_TEST((t.next == HaState::Recover));
        }
    });
}

BOOST_AUTO_TEST_CASE(entering_a_pulling_state_starts_a_pull_unless_one_runs) {
    forEveryCell([](HaState state, HaEvent, Role, HaTransition t) {
        if (pulling(t.next) && !pulling(state)) {
            BOOST_TEST((t.actions & kStartPull) != 0U);
        }
        if ((t.actions & kStartPull) != 0U) {
            BOOST_TEST(pulling(t.next));  // a pull anywhere else would never be finished
        }
    });
    // A running pull goes on when the partner turns out to have taken over.
    for (Role role : kRoles) {
        for (HaState state : {HaState::Sync, HaState::Recover}) {
            BOOST_TEST(transition(state, HaEvent::PartnerInPartnerDown, role).actions == 0U);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_pull_restarts_on_failure_or_request_and_on_the_link_in_recover) {
    for (Role role : kRoles) {
        BOOST_TEST((transition(HaState::Sync, HaEvent::SyncFailed, role).next == HaState::Startup));
        for (HaEvent event : {HaEvent::SyncFailed, HaEvent::ResyncRequired, HaEvent::LinkUp}) {
            const HaTransition t = transition(HaState::Recover, event, role);
            BOOST_TEST((t.next == HaState::Recover));
            BOOST_TEST(t.actions == kStartPull);
        }
        const HaTransition resync = transition(HaState::Sync, HaEvent::ResyncRequired, role);
        BOOST_TEST((resync.next == HaState::Sync));
        BOOST_TEST(resync.actions == kStartPull);
        const HaTransition fromNormal = transition(HaState::Normal, HaEvent::ResyncRequired, role);
        BOOST_TEST((fromNormal.next == HaState::Sync));
        BOOST_TEST(fromNormal.actions == (kStartPull | kFailPending));
    }
}

BOOST_AUTO_TEST_CASE(parked_replies_are_failed_exactly_when_normal_is_left) {
    // Replies wait for the partner's ack only in normal; any other state would strand them.
    forEveryCell([](HaState state, HaEvent, Role, HaTransition t) {
        const bool leaves_normal = state == HaState::Normal && t.next != HaState::Normal;
        BOOST_TEST(((t.actions & kFailPending) != 0U) == leaves_normal);
    });
}

BOOST_AUTO_TEST_CASE(
    the_auto_partner_down_clock_is_armed_exactly_on_entering_communications_interrupted) {
    forEveryCell([](HaState state, HaEvent, Role, HaTransition t) {
        const bool enters = t.next == HaState::CommunicationsInterrupted &&
                            state != HaState::CommunicationsInterrupted;
        BOOST_TEST(((t.actions & kArmAutoPartnerDown) != 0U) == enters);
    });
}

BOOST_AUTO_TEST_CASE(a_server_that_served_alone_replays_its_backlog_when_the_partner_is_back) {
    forEveryCell([](HaState state, HaEvent event, Role, HaTransition t) {
        const bool replays = (t.actions & kReplayBacklog) != 0U;
        const bool link_back_after_serving_alone =
            event == HaEvent::LinkUp &&
            (state == HaState::CommunicationsInterrupted || state == HaState::PartnerDown);
        const bool partner_normal_in_ci =
            event == HaEvent::PartnerNormal && state == HaState::CommunicationsInterrupted;
        const bool pull_done = event == HaEvent::SyncComplete && pulling(state);
        BOOST_TEST(replays == (link_back_after_serving_alone || partner_normal_in_ci || pull_done));
    });
}

BOOST_AUTO_TEST_CASE(the_split_returns_when_the_partner_reports_normal) {
    for (Role role : kRoles) {
        BOOST_TEST(
            (transition(HaState::CommunicationsInterrupted, HaEvent::PartnerNormal, role).next ==
             HaState::Normal));
        // Partner-down already replayed its backlog when the link came back.
        const HaTransition t = transition(HaState::PartnerDown, HaEvent::PartnerNormal, role);
        BOOST_TEST((t.next == HaState::Normal));
        BOOST_TEST(t.actions == 0U);
        BOOST_TEST((transition(HaState::CommunicationsInterrupted, HaEvent::LinkUp, role).next ==
                    HaState::Normal));
    }
}

BOOST_AUTO_TEST_CASE(events_that_do_not_concern_a_state_change_nothing) {
    // Every cell not decided by a property above is a deliberate stay with no action.
    forEveryCell([](HaState state, HaEvent event, Role role, HaTransition t) {
        const bool decided =
            event == HaEvent::PartnerDownCommand || event == HaEvent::PartnerInPartnerDown ||
            (event == HaEvent::LinkLost && (state == HaState::Normal || state == HaState::Sync)) ||
            (event == HaEvent::LinkUp &&
             (state == HaState::Startup || state == HaState::CommunicationsInterrupted ||
              state == HaState::PartnerDown || state == HaState::Recover)) ||
            (event == HaEvent::StartupTimeout && state == HaState::Startup) ||
            ((event == HaEvent::SyncComplete || event == HaEvent::SyncFailed) && pulling(state)) ||
            (event == HaEvent::AutoPartnerDownTimeout &&
             state == HaState::CommunicationsInterrupted) ||
            (event == HaEvent::PartnerNormal &&
             (state == HaState::CommunicationsInterrupted || state == HaState::PartnerDown)) ||
            (event == HaEvent::ResyncRequired && (state == HaState::Normal || pulling(state))) ||
            (event == HaEvent::PartnerCrashed &&
             (state == HaState::Normal || state == HaState::Sync));
        (void)role;
        if (!decided) {
            BOOST_TEST((t.next == state));
            BOOST_TEST(t.actions == 0U);
        }
    });
    // The link coming up in startup begins the first pull.
    for (Role role : kRoles) {
        const HaTransition t = transition(HaState::Startup, HaEvent::LinkUp, role);
        BOOST_TEST((t.next == HaState::Sync));
        BOOST_TEST(t.actions == kStartPull);
        BOOST_TEST((transition(HaState::Startup, HaEvent::StartupTimeout, role).next ==
                    HaState::CommunicationsInterrupted));
    }
}

BOOST_AUTO_TEST_CASE(every_partnered_state_can_get_back_to_normal) {
    // No dead end: from each state some sequence of events reaches normal.
    for (Role role : kRoles) {
        for (HaState from : kPartnered) {
            std::set<HaState> seen{from};
            std::vector<HaState> todo{from};
            while (!todo.empty()) {
                const HaState s = todo.back();
                todo.pop_back();
                for (int e = 0; e < kHaEventCount; ++e) {
                    const HaState next = transition(s, static_cast<HaEvent>(e), role).next;
                    if (seen.insert(next).second) {
                        todo.push_back(next);
                    }
                }
            }
            BOOST_TEST_CONTEXT(stateName(from)) {
                BOOST_TEST(seen.count(HaState::Normal) == 1U);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(only_the_dual_partner_down_cell_depends_on_role) {
    for (int s = 0; s < kHaStateCount; ++s) {
        for (int e = 0; e < kHaEventCount; ++e) {
            const auto state = static_cast<HaState>(s);
            const auto event = static_cast<HaEvent>(e);
            const HaTransition primary = transition(state, event, Role::Primary);
            const HaTransition secondary = transition(state, event, Role::Secondary);
            if (state == HaState::PartnerDown && event == HaEvent::PartnerInPartnerDown) {
                BOOST_TEST((primary.next == HaState::PartnerDown));
                BOOST_TEST((secondary.next == HaState::Recover));
                BOOST_TEST(secondary.actions == kStartPull);
            } else {
                BOOST_TEST((primary.next == secondary.next));
                BOOST_TEST(primary.actions == secondary.actions);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(serving_per_state) {
    BOOST_TEST((servingIn(HaState::Startup) == Serving::Nobody));
    BOOST_TEST((servingIn(HaState::Sync) == Serving::Nobody));
    BOOST_TEST((servingIn(HaState::Recover) == Serving::Nobody));
    BOOST_TEST((servingIn(HaState::Normal) == Serving::Split));
    BOOST_TEST((servingIn(HaState::CommunicationsInterrupted) == Serving::OwnFreePool));
    BOOST_TEST((servingIn(HaState::PartnerDown) == Serving::Everyone));
    BOOST_TEST((servingIn(HaState::Standalone) == Serving::Everyone));
}

BOOST_AUTO_TEST_CASE(event_names_are_distinct_and_complete) {
    for (int e = 0; e < kHaEventCount; ++e) {
        BOOST_TEST(!eventName(static_cast<HaEvent>(e)).empty());
    }
    BOOST_TEST(eventName(HaEvent::PartnerCrashed) == "partner-crashed");
}

BOOST_AUTO_TEST_CASE(standalone_stays_standalone_for_every_event_and_role) {
    for (int e = 0; e < kHaEventCount; ++e) {
        for (Role role : {Role::Primary, Role::Secondary, Role::Standalone}) {
            const auto t = transition(HaState::Standalone, static_cast<HaEvent>(e), role);
            BOOST_TEST((t.next == HaState::Standalone));
            BOOST_TEST(t.actions == 0U);
        }
    }
}

BOOST_AUTO_TEST_CASE(state_names_round_trip) {
    for (int s = 0; s < kHaStateCount; ++s) {
        const auto state = static_cast<HaState>(s);
        BOOST_TEST((stateFromName(stateName(state)) == state));
    }
    BOOST_TEST(!stateFromName("terminated").has_value());
}

BOOST_AUTO_TEST_CASE(fresh_server_pulls_before_it_serves) {
    // startup -> (link up) sync -> (pages done) normal; nobody answered before normal.
    auto t = transition(HaState::Startup, HaEvent::LinkUp, Role::Secondary);
    BOOST_TEST((t.next == HaState::Sync));
    BOOST_TEST((t.actions & kStartPull) != 0U);
    BOOST_TEST((servingIn(t.next) == Serving::Nobody));
    t = transition(t.next, HaEvent::SyncComplete, Role::Secondary);
    BOOST_TEST((t.next == HaState::Normal));
}

// What the service can raise while a pull is unfinished: everything but the pull's end and the
// plain startup timeout (which it raises only when no pull is unfinished). Commands excluded.
bool raisedMidPull(HaEvent e) {
    return e != HaEvent::SyncComplete && e != HaEvent::StartupTimeout &&
           e != HaEvent::PartnerDownCommand;
}

BOOST_AUTO_TEST_CASE(an_unfinished_pull_never_serves_whatever_the_partner_does) {
    // From the moment a pull begins, every state reachable by any sequence of events the
    // service raises mid-pull serves nobody: a partial lease set hands out nothing.
    for (Role role : {Role::Primary, Role::Secondary}) {
        std::set<HaState> seen;
        std::vector<HaState> todo = {HaState::Sync, HaState::Recover};
        while (!todo.empty()) {
            const HaState state = todo.back();
            todo.pop_back();
            if (!seen.insert(state).second) {
                continue;
            }
            for (int e = 0; e < kHaEventCount; ++e) {
                const auto event = static_cast<HaEvent>(e);
                if (raisedMidPull(event)) {
                    todo.push_back(transition(state, event, role).next);
                }
            }
        }
        for (HaState state : seen) {
            BOOST_TEST_CONTEXT(stateName(state)) {
                BOOST_TEST((servingIn(state) == Serving::Nobody));
                // The operator's word is the way out when the partner never comes back.
                BOOST_TEST((transition(state, HaEvent::PartnerDownCommand, role).next ==
                            HaState::PartnerDown));
                // The partner coming back resumes or restarts the pull, never serves unsynced.
                const HaTransition back = transition(state, HaEvent::LinkUp, role);
                BOOST_TEST((servingIn(back.next) == Serving::Nobody));
            }
        }
        BOOST_TEST(seen.count(HaState::Startup) == 1U);  // the lost link's way: back to startup
    }
}

BOOST_AUTO_TEST_CASE(only_a_server_without_an_unfinished_pull_serves_after_the_timeout) {
    BOOST_TEST((transition(HaState::Startup, HaEvent::StartupTimeout, Role::Secondary).next ==
                HaState::CommunicationsInterrupted));
    for (int s = 0; s < kHaStateCount; ++s) {
        const auto state = static_cast<HaState>(s);
        // Mid-pull the timeout changes nothing anywhere: no state is left, no action taken.
        const HaTransition t = transition(state, HaEvent::StartupTimeoutMidPull, Role::Primary);
        BOOST_TEST((t.next == state));
        BOOST_TEST(t.actions == 0U);
    }
}

BOOST_AUTO_TEST_SUITE_END()
