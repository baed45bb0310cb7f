#include <boost/test/unit_test.hpp>
#include <ostream>

#include "maas/hooks/coalesce.h"

using namespace maas::hooks;

namespace maas::hooks {
std::ostream& operator<<(std::ostream& out, StagedAction action) {
    return out << static_cast<int>(action);
}
}  // namespace maas::hooks

namespace {
constexpr int64_t kLongAgo = 1000000;
constexpr int64_t kBusy = 100;  // average gap between changes, us
constexpr int64_t kQuiet = 5000;
const CoalesceLimits kLimits{8, 1000, 300, 1000};

StagedAction action(size_t staged, int64_t age, size_t inFlight, int64_t sinceFrame,
                    int64_t gap = kBusy) {
    return stagedAction({staged, age, inFlight, sinceFrame, gap}, kLimits).action;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(coalesce)

BOOST_AUTO_TEST_CASE(idle_link_sends_unless_queries_are_queued) {
    BOOST_TEST(action(1, 0, 0, kLongAgo) == StagedAction::SendUnlessQueriesQueued);
    BOOST_TEST(action(0, 0, 0, kLongAgo) == StagedAction::Wait);  // nothing to send
}

BOOST_AUTO_TEST_CASE(a_frame_in_flight_holds_a_small_young_batch) {
    BOOST_TEST(action(1, 0, 1, kLongAgo, kQuiet) == StagedAction::Wait);
    BOOST_TEST(action(7, 999, 3, 0) == StagedAction::Wait);
}

BOOST_AUTO_TEST_CASE(under_load_a_recent_frame_holds_a_batch_until_the_hold_time) {
    const auto d = stagedAction({1, 100, 0, 200, kBusy}, kLimits);
    BOOST_TEST(d.action == StagedAction::WaitFor);
    BOOST_TEST(d.wait_us == 200);
    BOOST_TEST(action(3, 300, 0, 250) == StagedAction::SendUnlessQueriesQueued);
    BOOST_TEST(action(1, 0, 0, 300) == StagedAction::SendUnlessQueriesQueued);
}

BOOST_AUTO_TEST_CASE(a_quiet_server_does_not_hold) {
    BOOST_TEST(action(1, 0, 0, 100, kQuiet) == StagedAction::SendUnlessQueriesQueued);
    BOOST_TEST(action(1, 0, 0, 100, 1000) == StagedAction::SendUnlessQueriesQueued);
}

BOOST_AUTO_TEST_CASE(full_or_old_batch_leaves_whatever_holds_it) {
    BOOST_TEST(action(8, 0, 1, 0) == StagedAction::Send);
    BOOST_TEST(action(1, 1000, 1, 0) == StagedAction::Send);
    BOOST_TEST(action(8, 0, 0, 0) == StagedAction::Send);
    BOOST_TEST(action(0, 5000, 1, 0) == StagedAction::Wait);
}

BOOST_AUTO_TEST_CASE(the_default_hold_fits_inside_the_age_limit) {
    const CoalesceLimits defaults;
    BOOST_TEST(defaults.hold_us < defaults.max_delay_us);
}

BOOST_AUTO_TEST_CASE(batch_hold_parameter_sets_the_limits) {
    BOOST_TEST(coalesceLimits(2).hold_us == 2000);
    BOOST_TEST(coalesceLimits(2).max_delay_us == 4000);
    BOOST_TEST(coalesceLimits(10).max_delay_us == 20000);
    // 0: a recent frame holds nothing back, however loaded the server is.
    const CoalesceLimits off = coalesceLimits(0);
    BOOST_TEST(stagedAction({1, 0, 0, 0, kBusy}, off).action ==
               StagedAction::SendUnlessQueriesQueued);
}

BOOST_AUTO_TEST_CASE(change_rate_follows_the_load) {
    ChangeRate rate;
    BOOST_TEST(rate.averageGapUs() >= 100000);  // quiet until shown otherwise
    int64_t now = 0;
    for (int i = 0; i < 60; ++i) {
        rate.onChange(now += 250);  // 4000 changes per second
    }
    BOOST_TEST(rate.averageGapUs() < 1000);
    rate.onChange(now += 3600LL * 1000000);  // an idle hour counts as 100 ms
    BOOST_TEST(rate.averageGapUs() <= 100000 / 8 + 1000);
    for (int i = 0; i < 60; ++i) {
        rate.onChange(now += 50000);  // 20 per second
    }
    BOOST_TEST(rate.averageGapUs() > 1000);
}

BOOST_AUTO_TEST_SUITE_END()
