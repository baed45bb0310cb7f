#include <boost/test/unit_test.hpp>

#include "maas/supervisor/restart_policy.h"

using namespace maas::supervisor;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(restart_policy)

BOOST_AUTO_TEST_CASE(backoff_doubles_from_one_second_to_thirty) {
    Backoff b{RestartSettings{}};
    std::vector<long> delays;
    for (int i = 0; i < 8; ++i) {
        delays.push_back(b.onDeath(100ms).count());
    }
    BOOST_TEST(delays == (std::vector<long>{1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_stable_run_resets_the_backoff) {
    Backoff b{RestartSettings{}};
    b.onDeath(100ms);
    b.onDeath(100ms);
    BOOST_TEST(b.onDeath(100ms).count() == 4000);
    BOOST_TEST(b.onDeath(31s).count() == 1000);
}

BOOST_AUTO_TEST_CASE(five_deaths_in_sixty_seconds_is_a_crash_loop) {
    CrashLoopWindow w{RestartSettings{}};
    const auto t0 = Clock::time_point{} + 1000s;
    BOOST_TEST(!w.recordDeath(t0));
    BOOST_TEST(!w.recordDeath(t0 + 10s));
    BOOST_TEST(!w.recordDeath(t0 + 20s));
    BOOST_TEST(!w.recordDeath(t0 + 30s));
    BOOST_TEST(w.recordDeath(t0 + 59s));
}

BOOST_AUTO_TEST_CASE(deaths_older_than_the_window_do_not_count) {
    CrashLoopWindow w{RestartSettings{}};
    const auto t0 = Clock::time_point{} + 1000s;
    for (int i = 0; i < 4; ++i) {
        BOOST_TEST(!w.recordDeath(t0 + std::chrono::seconds(i)));
    }
    BOOST_TEST(!w.recordDeath(t0 + 60s));  // the first death has left the window
    BOOST_TEST(w.deathsInWindow() == 4u);
}

BOOST_AUTO_TEST_CASE(settings_are_honoured) {
    RestartSettings r;
    r.backoff_initial = 50ms;
    r.backoff_max = 150ms;
    r.crash_loop_deaths = 2;
    r.crash_loop_window = 1s;
    Backoff b{r};
    BOOST_TEST(b.onDeath(0ms).count() == 50);
    BOOST_TEST(b.onDeath(0ms).count() == 100);
    BOOST_TEST(b.onDeath(0ms).count() == 150);
    CrashLoopWindow w{r};
    BOOST_TEST(!w.recordDeath(Clock::time_point{}));
    BOOST_TEST(w.recordDeath(Clock::time_point{} + 500ms));
}

BOOST_AUTO_TEST_SUITE_END()
