#include <boost/test/unit_test.hpp>

#include "maas/rack/backoff.h"

using namespace maas::rack;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(backoff)

BOOST_AUTO_TEST_CASE(grows_exponentially_to_the_cap) {
    const BackoffPolicy p{100ms, 1000ms, 2.0, 0.0};
    BOOST_TEST(backoffDelay(p, 0, 0.5).count() == 100);
    BOOST_TEST(backoffDelay(p, 1, 0.5).count() == 200);
    BOOST_TEST(backoffDelay(p, 3, 0.5).count() == 800);
    BOOST_TEST(backoffDelay(p, 4, 0.5).count() == 1000);
    BOOST_TEST(backoffDelay(p, 1000000, 0.5).count() == 1000);
}

BOOST_AUTO_TEST_CASE(jitter_scales_down_within_bounds) {
    const BackoffPolicy p{1000ms, 1000ms, 2.0, 0.5};
    BOOST_TEST(backoffDelay(p, 0, 0.0).count() == 1000);
    BOOST_TEST(backoffDelay(p, 0, 0.999999).count() == 500);
    BOOST_TEST(backoffDelay(p, 0, 0.5).count() == 750);
    BOOST_TEST(backoffDelay(p, 0, 7.0).count() == 500);  // clamped
}

BOOST_AUTO_TEST_CASE(refusals_back_off_much_longer_than_outages) {
    // A wrong secret must not become a retry storm.
    BOOST_TEST(backoffDelay(kRefusedPolicy, 0, 0.99).count() >= 3000);
    BOOST_TEST(backoffDelay(kRefusedPolicy, 10, 0.0).count() == 60000);
    BOOST_TEST(backoffDelay(kReconnectPolicy, 0, 0.0).count() <= 250);
    BOOST_TEST(backoffDelay(kReconnectPolicy, 10, 0.0).count() == 5000);
}

BOOST_AUTO_TEST_SUITE_END()
