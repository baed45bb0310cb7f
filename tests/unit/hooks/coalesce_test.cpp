#include <boost/test/unit_test.hpp>

#include "maas/hooks/coalesce.h"

using namespace maas::hooks;

BOOST_AUTO_TEST_SUITE(coalesce)

BOOST_AUTO_TEST_CASE(idle_loop_sends_at_once) {
    BOOST_TEST(sendStagedNow(1, 0, false));
    BOOST_TEST(!sendStagedNow(0, 0, false));  // nothing to send
}

BOOST_AUTO_TEST_CASE(queued_queries_hold_a_small_young_batch) {
    const CoalesceLimits limits{8, 1000};
    BOOST_TEST(!sendStagedNow(1, 0, true, limits));
    BOOST_TEST(!sendStagedNow(7, 999, true, limits));
}

BOOST_AUTO_TEST_CASE(full_or_old_batch_leaves_despite_queued_queries) {
    const CoalesceLimits limits{8, 1000};
    BOOST_TEST(sendStagedNow(8, 0, true, limits));
    BOOST_TEST(sendStagedNow(1, 1000, true, limits));
    BOOST_TEST(!sendStagedNow(0, 5000, true, limits));
}

BOOST_AUTO_TEST_SUITE_END()
