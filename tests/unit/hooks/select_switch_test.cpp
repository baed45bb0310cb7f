#include <boost/test/unit_test.hpp>

#include <vector>

#include "maas/hooks/fencing.h"
#include "maas/hooks/select_switch.h"
#include "maas/hooks/serving_rule.h"

using namespace maas::hooks;

namespace {

// Kea's list as far as our entry goes: registered or not, and every call made on it.
struct RecordingList : SelectCalloutList {
    bool registered = true;
    std::vector<std::string> calls;
    void add() override {
        BOOST_TEST(!registered);  // Kea would then call the callout twice
        registered = true;
        calls.emplace_back("add");
    }
    void remove() override {
        BOOST_TEST(registered);
        registered = false;
        calls.emplace_back("remove");
    }
};

std::vector<FenceFacts> everyFenceFact() {
    std::vector<FenceFacts> all;
    for (const bool mode : {false, true}) {
        for (const bool valid : {false, true}) {
            for (const auto origin : {TakeoverOrigin::None, TakeoverOrigin::Operator,
                                      TakeoverOrigin::Witness, TakeoverOrigin::Automatic}) {
                for (const bool reached : {false, true}) {
                    all.push_back({mode, valid, origin, reached});
                }
            }
        }
    }
    return all;
}

// Whether lease4_select can change an allocation in this state under some facts.
bool selectCanRestrict(HaState state) {
    for (const FenceFacts& facts : everyFenceFact()) {
        if (allocationRight(state, facts) != AllocationRight::WholePool) {
            return true;
        }
    }
    return grantedLifetime(state, 86400, 3600) != 86400;
}

HaState stateAt(int i) {
    return static_cast<HaState>(i);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(select_switch)

// The callout may be left out exactly in the states where it can change nothing.
BOOST_AUTO_TEST_CASE(unrestricted_exactly_where_the_callout_changes_nothing) {
    for (int i = 0; i < kHaStateCount; ++i) {
        BOOST_TEST_CONTEXT(stateName(stateAt(i))) {
            BOOST_TEST(allocationUnrestricted(stateAt(i)) == !selectCanRestrict(stateAt(i)));
        }
    }
}

BOOST_AUTO_TEST_CASE(switched_with_the_state_from_every_state_to_every_state) {
    for (int from = 0; from < kHaStateCount; ++from) {
        for (int to = 0; to < kHaStateCount; ++to) {
            BOOST_TEST_CONTEXT(stateName(stateAt(from)) << " -> " << stateName(stateAt(to))) {
                RecordingList list;
                SelectSwitch select(list);
                select.decide(true);
                select.beforeAllocation(stateAt(from));
                BOOST_TEST(list.registered == selectCanRestrict(stateAt(from)));
                select.beforeAllocation(stateAt(to));
                BOOST_TEST(list.registered == selectCanRestrict(stateAt(to)));
                BOOST_TEST((select.mode() ==
                            (list.registered ? SelectSwitch::Mode::On : SelectSwitch::Mode::Off)));
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(each_change_once_and_nothing_while_the_state_holds) {
    RecordingList list;
    SelectSwitch select(list);
    select.decide(true);
    for (const HaState state :
         {HaState::Startup, HaState::Sync, HaState::Normal, HaState::Normal, HaState::Normal,
          HaState::CommunicationsInterrupted, HaState::CommunicationsInterrupted,
          HaState::PartnerDown, HaState::Normal}) {
        select.beforeAllocation(state);
    }
    BOOST_TEST(list.calls == (std::vector<std::string>{"remove", "add", "remove"}),
               boost::test_tools::per_element());
    BOOST_TEST(select.switches() == 3u);
}

BOOST_AUTO_TEST_CASE(never_switched_when_not_switchable) {
    RecordingList list;
    SelectSwitch select(list);
    BOOST_TEST((select.mode() == SelectSwitch::Mode::On));
    select.decide(false);
    for (int i = 0; i < kHaStateCount; ++i) {
        select.beforeAllocation(stateAt(i));
    }
    BOOST_TEST(list.calls.empty());
    BOOST_TEST(list.registered);
    BOOST_TEST((select.mode() == SelectSwitch::Mode::AlwaysOn));
    BOOST_TEST(selectModeName(select.mode()) == "always-on");
}

BOOST_AUTO_TEST_SUITE_END()
