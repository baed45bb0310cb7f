// The sync lifecycle table, checked as properties every cell must keep rather than as a copy of
// the table: a lost link stops a pull, only a running pull ends, a resume always waits for the
// partner's authority, a resync is never answered by a resume, a partial lease set is never
// forgotten before the last page, and nothing is a dead end.
#include <boost/test/unit_test.hpp>

#include <set>
#include <string>
#include <vector>

#include "maas/hooks/sync_lifecycle.h"

using namespace maas::hooks;

namespace {

std::vector<SyncPhase> allPhases() {
    std::vector<SyncPhase> phases;
    for (int p = 0; p < kSyncPhaseCount; ++p) {
        phases.push_back(static_cast<SyncPhase>(p));
    }
    return phases;
}

std::vector<SyncEvent> allEvents() {
    std::vector<SyncEvent> events;
    for (int e = 0; e < kSyncEventCount; ++e) {
        events.push_back(static_cast<SyncEvent>(e));
    }
    return events;
}

std::string cell(SyncPhase phase, SyncEvent event) {
    return std::string(syncPhaseName(phase)) + " x " + std::string(syncEventName(event));
}

constexpr uint32_t kBegins = kBeginFromStart | kBeginResume;

}  // namespace

BOOST_AUTO_TEST_SUITE(sync_lifecycle)

BOOST_AUTO_TEST_CASE(a_lost_link_leaves_no_pull_running_and_asks_for_nothing) {
    for (SyncPhase phase : allPhases()) {
        const SyncTransition t = syncTransition(phase, SyncEvent::LinkLost);
        BOOST_TEST_CONTEXT(cell(phase, SyncEvent::LinkLost)) {
            BOOST_TEST(!pullRunning(t.next));
            BOOST_TEST(t.actions == 0U);
            // What was unfinished stays unfinished: the lease set is as partial as before.
            BOOST_TEST(pullUnfinished(t.next) == pullUnfinished(phase));
        }
    }
}

BOOST_AUTO_TEST_CASE(only_a_running_pull_completes_or_fails) {
    for (SyncPhase phase : allPhases()) {
        for (SyncEvent event : allEvents()) {
            const SyncTransition t = syncTransition(phase, event);
            BOOST_TEST_CONTEXT(cell(phase, event)) {
                if ((t.actions & kSyncComplete) != 0U) {
                    BOOST_TEST((phase == SyncPhase::Pulling && event == SyncEvent::LastPageMerged));
                    BOOST_TEST((t.next == SyncPhase::Idle));
                }
                if ((t.actions & kSyncFail) != 0U) {
                    BOOST_TEST((phase == SyncPhase::Pulling && event == SyncEvent::MergeFailed));
                }
                // A page of a pull no longer running is never merged into anything.
                if (!pullRunning(phase) &&
                    (event == SyncEvent::PageMerged || event == SyncEvent::LastPageMerged)) {
                    BOOST_TEST((t.next == phase));
                    BOOST_TEST(t.actions == 0U);
                }
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(a_resume_always_waits_for_the_partners_state) {
    for (SyncPhase phase : allPhases()) {
        for (SyncEvent event : allEvents()) {
            const SyncTransition t = syncTransition(phase, event);
            BOOST_TEST_CONTEXT(cell(phase, event)) {
                if ((t.actions & kBeginResume) != 0U) {
                    BOOST_TEST((phase == SyncPhase::AwaitingHeartbeat));
                    BOOST_TEST((event == SyncEvent::PartnerStateKnown));
                }
                BOOST_TEST(((t.actions & kBegins) != kBegins));  // one way to begin, not both
                if ((t.actions & kBegins) != 0U) {
                    BOOST_TEST((t.next == SyncPhase::Pulling));
                }
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(a_resync_or_a_failed_merge_is_never_answered_by_a_resume) {
    // From the phases a resync request or a failed merge leave, every path of events up to the
    // first page asked for asks for the first page, whatever the link does meanwhile.
    for (SyncPhase from : {syncTransition(SyncPhase::Idle, SyncEvent::ResyncRequested).next,
                           syncTransition(SyncPhase::Interrupted, SyncEvent::ResyncRequested).next,
                           syncTransition(SyncPhase::Pulling, SyncEvent::MergeFailed).next}) {
        std::set<SyncPhase> seen;
        std::vector<SyncPhase> todo = {from};
        while (!todo.empty()) {
            const SyncPhase phase = todo.back();
            todo.pop_back();
            if (!seen.insert(phase).second) {
                continue;
            }
            for (SyncEvent event : allEvents()) {
                const SyncTransition t = syncTransition(phase, event);
                BOOST_TEST_CONTEXT(cell(phase, event)) {
                    BOOST_TEST((t.actions & kBeginResume) == 0U);
                    if ((t.actions & kBegins) == 0U) {
                        todo.push_back(t.next);
                    }
                }
            }
        }
        BOOST_TEST(seen.count(SyncPhase::AwaitingHeartbeat) == 0U);
    }
}

BOOST_AUTO_TEST_CASE(a_partial_lease_set_is_remembered_until_the_last_page) {
    for (SyncPhase phase : allPhases()) {
        if (!pullUnfinished(phase)) {
            continue;
        }
        for (SyncEvent event : allEvents()) {
            const SyncTransition t = syncTransition(phase, event);
            BOOST_TEST_CONTEXT(cell(phase, event)) {
                const bool theEnd =
                    phase == SyncPhase::Pulling && event == SyncEvent::LastPageMerged;
                BOOST_TEST(pullUnfinished(t.next) == !theEnd);
            }
        }
    }
    // And a pull, once asked for, makes the set count as partial at once.
    for (SyncPhase phase : allPhases()) {
        for (SyncEvent event : {SyncEvent::Start, SyncEvent::StartOver}) {
            BOOST_TEST_CONTEXT(cell(phase, event)) {
                BOOST_TEST(pullUnfinished(syncTransition(phase, event).next));
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(the_links_return_finishes_whatever_waits_and_disturbs_nothing_else) {
    for (SyncPhase phase : allPhases()) {
        const SyncTransition t = syncTransition(phase, SyncEvent::LinkBack);
        BOOST_TEST_CONTEXT(cell(phase, SyncEvent::LinkBack)) {
            BOOST_TEST((t.next == phase));
            const bool waits = pullUnfinished(phase) && !pullRunning(phase);
            BOOST_TEST(((t.actions & kAskResync) != 0U) ==
                       (waits || phase == SyncPhase::ResyncPending));
            BOOST_TEST((t.actions & ~uint32_t{kAskResync}) == 0U);
        }
    }
    // kAskResync comes only from the link's return.
    for (SyncPhase phase : allPhases()) {
        for (SyncEvent event : allEvents()) {
            if (event != SyncEvent::LinkBack) {
                BOOST_TEST((syncTransition(phase, event).actions & kAskResync) == 0U);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(every_phase_can_end_idle) {
    // No dead end: from every phase some sequence of events finishes the pull.
    for (SyncPhase from : allPhases()) {
        std::set<SyncPhase> seen;
        std::vector<SyncPhase> todo = {from};
        while (!todo.empty()) {
            const SyncPhase phase = todo.back();
            todo.pop_back();
            if (seen.insert(phase).second) {
                for (SyncEvent event : allEvents()) {
                    todo.push_back(syncTransition(phase, event).next);
                }
            }
        }
        BOOST_TEST_CONTEXT(syncPhaseName(from)) {
            BOOST_TEST(seen.count(SyncPhase::Idle) == 1U);
        }
    }
}

BOOST_AUTO_TEST_CASE(names_are_distinct) {
    std::set<std::string_view> phases;
    std::set<std::string_view> events;
    for (SyncPhase phase : allPhases()) {
        phases.insert(syncPhaseName(phase));
    }
    for (SyncEvent event : allEvents()) {
        events.insert(syncEventName(event));
    }
    BOOST_TEST(phases.size() == size_t{kSyncPhaseCount});
    BOOST_TEST(events.size() == size_t{kSyncEventCount});
}

BOOST_AUTO_TEST_SUITE_END()
