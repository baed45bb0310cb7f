#include "maas/hooks/failure_detector.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace maas::hooks {

FailureDetector::FailureDetector(DetectorLimits limits) : limits_(limits) {}

void FailureDetector::linkUp(int64_t nowMs) {
    last_heard_ms_ = nowMs;
    last_heartbeat_ms_ = -1;  // the gaps of earlier connections stay: same path, same jitter
}

void FailureDetector::onHeartbeat(int64_t nowMs) {
    if (last_heartbeat_ms_ >= 0) {
        const auto gap = static_cast<double>(std::max<int64_t>(nowMs - last_heartbeat_ms_, 0));
        gaps_.push_back(gap);
        sum_ += gap;
        sum_squares_ += gap * gap;
        if (gaps_.size() > kWindow) {
            const double old = gaps_.front();
            gaps_.pop_front();
            sum_ -= old;
            sum_squares_ -= old * old;
        }
    }
    last_heartbeat_ms_ = nowMs;
    onFrame(nowMs);
}

void FailureDetector::onFrame(int64_t nowMs) {
    last_heard_ms_ = std::max(last_heard_ms_, nowMs);
}

double FailureDetector::meanGapMs() const {
    return gaps_.empty() ? static_cast<double>(limits_.expected_interval_ms)
                         : sum_ / static_cast<double>(gaps_.size());
}

double FailureDetector::stdDevGapMs() const {
    if (gaps_.size() < 2) {
        return kMinStdDevMs;
    }
    const double n = static_cast<double>(gaps_.size());
    const double mean = sum_ / n;
    const double variance = std::max(sum_squares_ / n - mean * mean, 0.0);
    return std::max(std::sqrt(variance), kMinStdDevMs);
}

double FailureDetector::phiOf(double silenceMs) const {
    const double z = (silenceMs - meanGapMs()) / stdDevGapMs();
    const double tail = 0.5 * std::erfc(z / std::sqrt(2.0));  // P(gap > silence)
    if (tail <= 0.0) {
        return std::numeric_limits<double>::infinity();
    }
    return -std::log10(tail);
}

double FailureDetector::phi(int64_t nowMs) const {
    return phiOf(static_cast<double>(silenceMs(nowMs)));
}

bool FailureDetector::lost(int64_t nowMs) const {
    return silenceMs(nowMs) >= lossAfterMs();
}

int64_t FailureDetector::lossAfterMs() const {
    if (gaps_.size() < kMinSamples) {
        return limits_.ceiling_ms;  // nothing learnt yet: the operator's bound
    }
    // phi grows with the silence: find where it crosses the threshold between the bounds.
    int64_t low = limits_.floor_ms;
    int64_t high = limits_.ceiling_ms;
    if (phiOf(static_cast<double>(low)) >= limits_.phi) {
        return low;
    }
    while (high - low > 1) {
        const int64_t middle = low + (high - low) / 2;
        if (phiOf(static_cast<double>(middle)) >= limits_.phi) {
            high = middle;
        } else {
            low = middle;
        }
    }
    return high;
}

}  // namespace maas::hooks
