#include <boost/test/unit_test.hpp>

#include "maas/hooks/page_sizer.h"

using namespace maas::hooks;

namespace {
constexpr int64_t kBudget = 10000;  // us
}

BOOST_AUTO_TEST_SUITE(page_sizer)

BOOST_AUTO_TEST_CASE(starts_at_an_eighth_of_the_ceiling_within_the_floor) {
    BOOST_TEST(PageSizer(1000, kBudget).size() == 125u);
    BOOST_TEST(PageSizer(64, kBudget).size() == PageSizer::kFloor);
    BOOST_TEST(PageSizer(5, kBudget).size() == 5u);  // a ceiling under the floor is the size
    BOOST_TEST(PageSizer(1, kBudget).size() == 1u);
}

BOOST_AUTO_TEST_CASE(full_pages_within_budget_grow_by_a_step_up_to_the_ceiling) {
    PageSizer sizer(1000, kBudget);
    const uint32_t start = sizer.size();
    sizer.record(sizer.size(), kBudget / 2);
    BOOST_TEST(sizer.size() == start + sizer.step());
    for (int i = 0; i < 100; ++i) {
        sizer.record(sizer.size(), 1);
    }
    BOOST_TEST(sizer.size() == 1000u);
}

BOOST_AUTO_TEST_CASE(a_short_page_within_budget_does_not_grow) {
    PageSizer sizer(1000, kBudget);
    const uint32_t start = sizer.size();
    sizer.record(start - 1, 1);
    BOOST_TEST(sizer.size() == start);
}

BOOST_AUTO_TEST_CASE(over_budget_shrinks_to_what_the_budget_holds_at_least_by_half) {
    PageSizer sizer(1000, kBudget);
    for (int i = 0; i < 100; ++i) {
        sizer.record(sizer.size(), 1);
    }
    sizer.record(1000, kBudget * 4);  // 40 us per lease: 250 fit the budget
    BOOST_TEST(sizer.size() == 250u);
    sizer.record(250, kBudget * 5 / 4);  // 200 would fit, but at least a halving: 125
    BOOST_TEST(sizer.size() == 125u);
}

BOOST_AUTO_TEST_CASE(never_below_the_floor_and_recovers) {
    PageSizer sizer(1000, kBudget);
    sizer.record(sizer.size(), kBudget * 1000);
    BOOST_TEST(sizer.size() == PageSizer::kFloor);
    sizer.record(PageSizer::kFloor, kBudget * 1000);
    BOOST_TEST(sizer.size() == PageSizer::kFloor);
    sizer.record(PageSizer::kFloor, 1);
    BOOST_TEST(sizer.size() == PageSizer::kFloor + sizer.step());
}

BOOST_AUTO_TEST_CASE(steady_cost_settles_near_the_budget) {
    // 25 us per lease: 400 leases fill the budget. AIMD oscillates below it, never above
    // the ceiling, and averages a good part of it.
    PageSizer sizer(1000, kBudget);
    uint64_t total = 0;
    const int pages = 200;
    for (int i = 0; i < pages; ++i) {
        const uint32_t size = sizer.size();
        BOOST_TEST(size <= 1000u);
        BOOST_TEST(size >= PageSizer::kFloor);
        total += size;
        sizer.record(size, int64_t{size} * 25);
    }
    BOOST_TEST(total / pages >= 250u);
    BOOST_TEST(total / pages <= 420u);
}

BOOST_AUTO_TEST_CASE(reset_returns_to_the_start) {
    PageSizer sizer(1000, kBudget);
    sizer.record(sizer.size(), kBudget * 100);
    sizer.reset();
    BOOST_TEST(sizer.size() == 125u);
}

BOOST_AUTO_TEST_CASE(zero_or_negative_times_are_within_budget) {
    PageSizer sizer(1000, kBudget);
    const uint32_t start = sizer.size();
    sizer.record(start, 0);
    sizer.record(sizer.size(), -5);  // a clock stepping back never shrinks nor breaks
    BOOST_TEST(sizer.size() == start + 2 * sizer.step());
}

BOOST_AUTO_TEST_CASE(a_page_waits_for_queued_queries_but_only_so_long) {
    BOOST_TEST(servePageNow(false, 0));
    BOOST_TEST(!servePageNow(true, 0));
    BOOST_TEST(!servePageNow(true, kPageYieldMaxUs - 1));
    BOOST_TEST(servePageNow(true, kPageYieldMaxUs));
    BOOST_TEST(kPageYieldCheckUs < kPageYieldMaxUs);
}

BOOST_AUTO_TEST_SUITE_END()
