// PeriodicThread against a manual clock: ticks come exactly when the clock passes a period,
// or when woken, and never after stop(); nothing here sleeps through a real period.
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <stdexcept>

#include "maas/common/periodic_thread.h"
#include "maas/test/manual_clock.h"

using namespace maas;
using namespace std::chrono_literals;

namespace {

constexpr auto kPeriod = std::chrono::milliseconds(std::chrono::hours(1));

/// Counts ticks and lets the test wait (bounded, in real time) for a count.
struct TickCounter {
    std::mutex mutex;
    std::condition_variable changed;
    int ticks = 0;

    void tick() {
        std::lock_guard lock(mutex);
        ++ticks;
        changed.notify_all();
    }
    bool awaitAtLeast(int n) {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, 10s, [&] { return ticks >= n; });
    }
    int count() {
        std::lock_guard lock(mutex);
        return ticks;
    }
};

/// A thread on a manual clock whose ticks the counter sees.
struct Counted {
    test::ManualClock clock;
    TickCounter counter;
    PeriodicThread thread;

    explicit Counted(PeriodicThread::FirstTick first)
        : thread(
              kPeriod, [this] { counter.tick(); }, {}, first, clock) {}
};

}  // namespace

BOOST_AUTO_TEST_SUITE(periodic_thread)

BOOST_AUTO_TEST_CASE(ticks_once_per_period_of_the_injected_clock) {
    Counted t(PeriodicThread::FirstTick::AfterPeriod);
    auto& [clock, counter, thread] = t;
    thread.start();
    BOOST_REQUIRE(clock.awaitSleepers(1));
    BOOST_CHECK_EQUAL(counter.count(), 0);
    clock.advance(kPeriod - 1ms);
    BOOST_REQUIRE(clock.awaitSleepers(1));
    BOOST_CHECK_EQUAL(counter.count(), 0);
    clock.advance(1ms);
    BOOST_REQUIRE(counter.awaitAtLeast(1));
    BOOST_REQUIRE(clock.awaitSleepers(1));
    BOOST_CHECK_EQUAL(counter.count(), 1);
    clock.advance(kPeriod);
    BOOST_REQUIRE(counter.awaitAtLeast(2));
    thread.stop();
    BOOST_CHECK_EQUAL(counter.count(), 2);
}

BOOST_AUTO_TEST_CASE(at_start_ticks_before_the_first_period) {
    Counted t(PeriodicThread::FirstTick::AtStart);
    auto& [clock, counter, thread] = t;
    thread.start();
    BOOST_REQUIRE(counter.awaitAtLeast(1));
    BOOST_REQUIRE(clock.awaitSleepers(1));
    BOOST_CHECK_EQUAL(counter.count(), 1);
}

BOOST_AUTO_TEST_CASE(wake_now_runs_a_tick_without_waiting_out_the_period) {
    Counted t(PeriodicThread::FirstTick::AfterPeriod);
    auto& [clock, counter, thread] = t;
    thread.start();
    BOOST_REQUIRE(clock.awaitSleepers(1));
    thread.wakeNow();
    BOOST_REQUIRE(counter.awaitAtLeast(1));
    BOOST_REQUIRE(clock.awaitSleepers(1));
    BOOST_CHECK_EQUAL(counter.count(), 1);  // one wake, one tick
}

BOOST_AUTO_TEST_CASE(a_throwing_tick_is_reported_and_the_next_period_runs) {
    test::ManualClock clock;
    TickCounter counter;
    std::atomic<int> failures{0};
    std::string reported;
    PeriodicThread thread(
        kPeriod,
        [&] {
            const bool first = counter.count() == 0;
            counter.tick();
            if (first)
                throw std::runtime_error("database gone");
        },
        [&](const std::exception& e) {
            reported = e.what();
            ++failures;
        },
        PeriodicThread::FirstTick::AtStart, clock);
    thread.start();
    BOOST_REQUIRE(counter.awaitAtLeast(1));
    BOOST_REQUIRE(clock.awaitSleepers(1));
    clock.advance(kPeriod);
    BOOST_REQUIRE(counter.awaitAtLeast(2));
    thread.stop();
    BOOST_CHECK_EQUAL(failures.load(), 1);
    BOOST_CHECK_EQUAL(reported, "database gone");
}

BOOST_AUTO_TEST_CASE(stop_ends_the_wait_at_once_and_no_tick_follows) {
    Counted t(PeriodicThread::FirstTick::AfterPeriod);
    auto& [clock, counter, thread] = t;
    thread.start();
    BOOST_REQUIRE(clock.awaitSleepers(1));
    thread.stop();  // returns although the clock never reaches the period
    clock.advance(10 * kPeriod);
    thread.wakeNow();
    thread.start();  // a stopped thread stays stopped
    thread.stop();
    BOOST_CHECK_EQUAL(counter.count(), 0);
}

BOOST_AUTO_TEST_CASE(a_tick_may_stop_its_own_thread) {
    test::ManualClock clock;
    TickCounter counter;
    PeriodicThread* self = nullptr;
    PeriodicThread thread(
        kPeriod,
        [&] {
            counter.tick();
            self->stop();
        },
        {}, PeriodicThread::FirstTick::AtStart, clock);
    self = &thread;
    thread.start();
    BOOST_REQUIRE(counter.awaitAtLeast(1));
    thread.stop();
    BOOST_CHECK_EQUAL(counter.count(), 1);
}

BOOST_AUTO_TEST_CASE(stop_without_start_is_harmless) {
    PeriodicThread thread(kPeriod, [] {}, {});
    thread.stop();
    thread.stop();
}

BOOST_AUTO_TEST_SUITE_END()
