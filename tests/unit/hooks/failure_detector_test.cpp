#include <boost/test/unit_test.hpp>

#include <random>

#include "maas/hooks/failure_detector.h"

using namespace maas::hooks;

namespace {

const DetectorLimits kLimits{100, 300, 900, 8.0};

/// Feeds heartbeats every `interval` ms plus a delay drawn from [0, jitter] (in order, as TCP
/// delivers them); returns the time of the last one.
int64_t feed(FailureDetector& detector, int64_t start, int count, int64_t interval, int64_t jitter,
             unsigned seed = 1) {
    std::mt19937 random(seed);
    std::uniform_int_distribution<int64_t> delay(0, jitter);
    int64_t delivered = start;
    for (int i = 1; i <= count; ++i) {
        delivered = std::max(delivered, start + i * interval + delay(random));
        detector.onHeartbeat(delivered);
    }
    return delivered;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(failure_detector)

BOOST_AUTO_TEST_CASE(without_samples_only_the_ceiling_applies) {
    FailureDetector detector(kLimits);
    detector.linkUp(1000);
    BOOST_TEST(detector.lossAfterMs() == 900);
    BOOST_TEST(!detector.lost(1899));
    BOOST_TEST(detector.lost(1900));
}

BOOST_AUTO_TEST_CASE(steady_heartbeats_are_judged_at_the_floor) {
    FailureDetector detector(kLimits);
    detector.linkUp(0);
    const int64_t last = feed(detector, 0, 50, 100, 0);
    BOOST_TEST(detector.meanGapMs() == 100.0);
    BOOST_TEST(detector.stdDevGapMs() == FailureDetector::kMinStdDevMs);  // never below
    // 100 + 5.6 x 25 = 240 ms < floor: the floor decides.
    BOOST_TEST(detector.lossAfterMs() == 300);
    BOOST_TEST(!detector.lost(last + 299));
    BOOST_TEST(detector.lost(last + 300));
}

BOOST_AUTO_TEST_CASE(jitter_stretches_the_timeout_between_floor_and_ceiling) {
    FailureDetector steady(kLimits);
    steady.linkUp(0);
    feed(steady, 0, 200, 100, 0);
    FailureDetector jittery(kLimits);
    jittery.linkUp(0);
    feed(jittery, 0, 200, 100, 100);  // 50 ms +- 50 ms of delay
    BOOST_TEST(jittery.stdDevGapMs() > 30.0);
    BOOST_TEST(jittery.lossAfterMs() > steady.lossAfterMs());
    BOOST_TEST(jittery.lossAfterMs() < 900);
    FailureDetector wild(kLimits);
    wild.linkUp(0);
    feed(wild, 0, 200, 100, 2000);  // seconds of jitter: the ceiling bounds it
    BOOST_TEST(wild.lossAfterMs() == 900);
}

BOOST_AUTO_TEST_CASE(phi_grows_with_silence) {
    FailureDetector detector(kLimits);
    detector.linkUp(0);
    const int64_t last = feed(detector, 0, 100, 100, 40);
    BOOST_TEST(detector.phi(last) < 1.0);
    BOOST_TEST(detector.phi(last + 100) < detector.phi(last + 200));
    BOOST_TEST(detector.phi(last + 200) < detector.phi(last + 400));
    BOOST_TEST(detector.phi(last + 5000) > 8.0);
}

BOOST_AUTO_TEST_CASE(any_frame_proves_the_partner_alive) {
    FailureDetector detector(kLimits);
    detector.linkUp(0);
    const int64_t last = feed(detector, 0, 20, 100, 0);
    detector.onFrame(last + 250);  // a LeaseBatch between heartbeats
    BOOST_TEST(!detector.lost(last + 400));
    BOOST_TEST(detector.silenceMs(last + 400) == 150);
    BOOST_TEST(detector.samples() == 19U);  // frames are not heartbeat gaps
}

BOOST_AUTO_TEST_CASE(a_reconnect_keeps_what_was_learnt_but_not_the_outage) {
    FailureDetector detector(kLimits);
    detector.linkUp(0);
    const int64_t last = feed(detector, 0, 30, 100, 0);
    detector.linkUp(last + 5000);
    detector.onHeartbeat(last + 5050);  // first on the new link: no gap sample
    BOOST_TEST(detector.samples() == 29U);
    BOOST_TEST(detector.meanGapMs() == 100.0);
    BOOST_TEST(!detector.lost(last + 5050 + 299));
    BOOST_TEST(detector.lost(last + 5050 + 300));
}

BOOST_AUTO_TEST_CASE(the_window_forgets_old_gaps) {
    FailureDetector detector(kLimits);
    detector.linkUp(0);
    const int64_t last = feed(detector, 0, 300, 100, 2000);
    BOOST_TEST(detector.lossAfterMs() == 900);
    feed(detector, last, static_cast<int>(FailureDetector::kWindow), 100, 0);
    BOOST_TEST(detector.samples() == FailureDetector::kWindow);
    BOOST_TEST(detector.meanGapMs() == 100.0);
    BOOST_TEST(detector.lossAfterMs() == 300);
}

BOOST_AUTO_TEST_CASE(a_clock_that_does_not_advance_is_no_gap) {
    FailureDetector detector(kLimits);
    detector.linkUp(100);
    for (int i = 0; i < 10; ++i) {
        detector.onHeartbeat(100);
    }
    BOOST_TEST(detector.meanGapMs() == 0.0);
    BOOST_TEST(detector.lossAfterMs() == 300);  // the floor still holds
    BOOST_TEST(!detector.lost(399));
}

BOOST_AUTO_TEST_SUITE_END()
