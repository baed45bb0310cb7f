#include <boost/test/unit_test.hpp>

#include "maas/region/auth/login_throttle.h"

using maas::region::auth::LoginThrottle;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(login_throttle)

BOOST_AUTO_TEST_CASE(five_failures_are_free_then_the_delay_doubles) {
    LoginThrottle throttle;
    const auto t0 = LoginThrottle::Clock::time_point{} + 1000s;
    for (int i = 0; i < 5; ++i) {
        BOOST_TEST(!throttle.blockedFor("admin", "192.0.2.1", t0).has_value());
        throttle.recordFailure("admin", "192.0.2.1", t0);
    }
    BOOST_TEST(!throttle.blockedFor("admin", "192.0.2.1", t0).has_value());
    throttle.recordFailure("admin", "192.0.2.1", t0);  // the 6th
    BOOST_TEST(throttle.blockedFor("admin", "192.0.2.1", t0).value() == 1000ms);
    throttle.recordFailure("admin", "192.0.2.1", t0 + 1s);  // the 7th
    BOOST_TEST(throttle.blockedFor("admin", "192.0.2.1", t0 + 1s).value() == 2000ms);
    BOOST_TEST(throttle.delayAfter(8) == 4000ms);
    BOOST_TEST(throttle.delayAfter(1000) == 300000ms);
}

BOOST_AUTO_TEST_CASE(username_and_address_are_throttled_separately) {
    LoginThrottle throttle;
    const auto t0 = LoginThrottle::Clock::time_point{} + 1000s;
    // One address guessing many usernames.
    for (int i = 0; i < 6; ++i)
        throttle.recordFailure("user" + std::to_string(i), "192.0.2.1", t0);
    BOOST_TEST(throttle.blockedFor("someone-else", "192.0.2.1", t0).has_value());
    BOOST_TEST(!throttle.blockedFor("someone-else", "192.0.2.2", t0).has_value());
    // Many addresses guessing one username.
    for (int i = 0; i < 6; ++i)
        throttle.recordFailure("admin", "198.51.100." + std::to_string(i), t0);
    BOOST_TEST(throttle.blockedFor("admin", "203.0.113.9", t0).has_value());
}

BOOST_AUTO_TEST_CASE(success_clears_and_blocks_expire) {
    LoginThrottle throttle;
    const auto t0 = LoginThrottle::Clock::time_point{} + 1000s;
    for (int i = 0; i < 6; ++i)
        throttle.recordFailure("admin", "192.0.2.1", t0);
    BOOST_TEST(!throttle.blockedFor("admin", "192.0.2.1", t0 + 1001ms).has_value());
    throttle.recordSuccess("admin", "192.0.2.1");
    throttle.recordFailure("admin", "192.0.2.1", t0 + 2s);
    BOOST_TEST(!throttle.blockedFor("admin", "192.0.2.1", t0 + 2s).has_value());
}

BOOST_AUTO_TEST_CASE(memory_is_bounded_under_a_flood_of_names) {
    LoginThrottle throttle(LoginThrottle::Options{5, 1000ms, 300000ms, 100});
    const auto t0 = LoginThrottle::Clock::time_point{} + 1000s;
    for (int i = 0; i < 5000; ++i)
        throttle.recordFailure("u" + std::to_string(i), "192.0.2.1",
                               t0 + std::chrono::milliseconds(i));
    BOOST_TEST(throttle.entries() <= 100u);
    // The address that kept failing is still remembered (it failed most recently).
    BOOST_TEST(throttle.blockedFor("anyone", "192.0.2.1", t0 + 5s).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
