#include <boost/test/unit_test.hpp>

#include <array>
#include <set>
#include <string>
#include <vector>

#include "maas/hooks/ha_state.h"

using namespace maas::hooks;

namespace {

struct Cell {
    const char* next;
    uint32_t actions;
};
constexpr uint32_t P = kStartPull, R = kReplayBacklog, F = kFailPending, A = kArmAutoPartnerDown;

// The specification, written out independently of the implementation's table. Columns:
// link-up, link-lost, startup-timeout, sync-complete, sync-failed, partner-down-command,
// auto-partner-down-timeout, partner-in-partner-down, partner-normal, resync-required,
// partner-crashed, startup-timeout-mid-pull.
const std::array<std::array<Cell, kHaEventCount>, kHaStateCount> kExpected = {{
    // startup
    {{{"sync", P},
      {"startup", 0},
      {"communications-interrupted", A},
      {"startup", 0},
      {"startup", 0},
      {"partner-down", 0},
      {"startup", 0},
      {"recover", P},
      {"startup", 0},
      {"startup", 0},
      {"startup", 0},
      {"startup", 0}}},
    // sync
    {{{"sync", 0},
      {"startup", 0},
      {"sync", 0},
      {"normal", R},
      {"startup", 0},
      {"partner-down", 0},
      {"sync", 0},
      {"recover", 0},
      {"sync", 0},
      {"sync", P},
      {"startup", 0},
      {"sync", 0}}},
    // normal
    {{{"normal", 0},
      {"communications-interrupted", F | A},
      {"normal", 0},
      {"normal", 0},
      {"normal", 0},
      {"partner-down", F},
      {"normal", 0},
      {"recover", P | F},
      {"normal", 0},
      {"sync", P | F},
      {"partner-down", F},
      {"normal", 0}}},
    // communications-interrupted
    {{{"normal", R},
      {"communications-interrupted", 0},
      {"communications-interrupted", 0},
      {"communications-interrupted", 0},
      {"communications-interrupted", 0},
      {"partner-down", 0},
      {"partner-down", 0},
      {"recover", P},
      {"normal", R},
      {"communications-interrupted", 0},
      {"communications-interrupted", 0},
      {"communications-interrupted", 0}}},
    // partner-down
    {{{"partner-down", R},
      {"partner-down", 0},
      {"partner-down", 0},
      {"partner-down", 0},
      {"partner-down", 0},
      {"partner-down", 0},
      {"partner-down", 0},
      {"partner-down", 0},
      {"normal", 0},
      {"partner-down", 0},
      {"partner-down", 0},
      {"partner-down", 0}}},
    // recover
    {{{"recover", P},
      {"recover", 0},
      {"recover", 0},
      {"normal", R},
      {"recover", P},
      {"partner-down", 0},
      {"recover", 0},
      {"recover", 0},
      {"recover", 0},
      {"recover", P},
      {"recover", 0},
      {"recover", 0}}},
    // standalone: no partner; nothing moves it
    {{{"standalone", 0},
      {"standalone", 0},
      {"standalone", 0},
      {"standalone", 0},
      {"standalone", 0},
      {"standalone", 0},
      {"standalone", 0},
      {"standalone", 0},
      {"standalone", 0},
      {"standalone", 0},
      {"standalone", 0},
      {"standalone", 0}}},
}};

}  // namespace

BOOST_AUTO_TEST_SUITE(ha_state)

BOOST_AUTO_TEST_CASE(every_state_event_pair_matches_the_specification) {
    for (int s = 0; s < kHaStateCount; ++s) {
        for (int e = 0; e < kHaEventCount; ++e) {
            const auto state = static_cast<HaState>(s);
            const auto event = static_cast<HaEvent>(e);
            const Cell& want = kExpected[s][e];
            const HaTransition got = transition(state, event, Role::Primary);
            BOOST_TEST_CONTEXT(std::string(stateName(state)) + " x " +
                               std::string(eventName(event))) {
                BOOST_TEST(std::string(stateName(got.next)) == want.next);
                BOOST_TEST(got.actions == want.actions);
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
