#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>

namespace maas::hooks {

/// Operator bounds of the failure detector (hook parameters `link-loss-*`).
struct DetectorLimits {
    int64_t expected_interval_ms = 100;  ///< the partner's heartbeat period
    int64_t floor_ms = 600;              ///< never declare loss after less silence than this
    int64_t ceiling_ms = 900;            ///< always declare loss after this much silence
    double phi = 8.0;  ///< suspicion threshold: loss when P(gap this long) < 10^-phi
};

/// Phi-accrual failure detector on the peer link (Hayashibara et al.). The gaps between the
/// partner's heartbeats are sampled; the silence since the last frame of any kind is judged
/// against their distribution: phi(t) = -log10(P(gap > t)) under a normal distribution of the
/// observed gaps, so a link with jitter waits longer than a steady one. The floor keeps a
/// steady link from being judged on a few milliseconds of late scheduling, the ceiling bounds
/// detection on a very jittery one. Pure: the caller passes the time (ms, monotonic).
class FailureDetector {
  public:
    static constexpr size_t kWindow = 200;    ///< gaps remembered (20 s at 100 ms)
    static constexpr size_t kMinSamples = 5;  ///< fewer: only the ceiling applies
    /// Heartbeats are sent from a timer on a busy main loop: a standard deviation below this
    /// would be measuring the quietest seconds only.
    static constexpr double kMinStdDevMs = 25.0;

    explicit FailureDetector(DetectorLimits limits);

    /// A new connection: silence counts from now; the gap across the outage is not a sample.
    void linkUp(int64_t nowMs);
    /// A heartbeat arrived (also a frame: the partner is alive).
    void onHeartbeat(int64_t nowMs);
    /// Any other frame arrived.
    void onFrame(int64_t nowMs);

    int64_t silenceMs(int64_t nowMs) const { return nowMs - last_heard_ms_; }
    /// Suspicion for the current silence (0 when just heard; large when long overdue).
    double phi(int64_t nowMs) const;
    /// True once the silence reaches the ceiling, or the floor with phi over its threshold.
    bool lost(int64_t nowMs) const;
    /// The silence after which `lost` turns true with the gaps seen so far.
    int64_t lossAfterMs() const;

    double meanGapMs() const;
    double stdDevGapMs() const;
    size_t samples() const { return gaps_.size(); }

  private:
    double phiOf(double silenceMs) const;

    DetectorLimits limits_;
    std::deque<double> gaps_;
    double sum_ = 0;
    double sum_squares_ = 0;
    int64_t last_heard_ms_ = 0;
    int64_t last_heartbeat_ms_ = -1;  ///< -1: no heartbeat on this connection yet
};

}  // namespace maas::hooks
