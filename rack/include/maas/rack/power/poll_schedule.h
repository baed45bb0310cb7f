#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "maas/rpc/power_commands.h"

namespace maas::rack::power {

/// When each owned BMC is polled next (pure; time and randomness come in). A new assignment
/// keeps the schedule and last state of BMCs it still contains; new ones are polled within the
/// first tenth of the interval, later polls every interval +-10 % so racks never sweep in step.
class PollSchedule {
  public:
    using Clock = std::chrono::steady_clock;
    using Random = std::function<double()>;  ///< uniform in [0, 1)

    explicit PollSchedule(Random random) : random_(std::move(random)) {}

    void assign(const maas::rpc::PowerAssignments& assignments, Clock::time_point now);
    /// BMCs due at `now` that are not being polled; they are marked in flight.
    std::vector<maas::rpc::PowerArgs> takeDue(Clock::time_point now);
    /// Records a poll's outcome and reschedules; returns what to report. Every result is
    /// reported, not only changes: the region may have learnt another state from a command run
    /// through another rack, and writes only what differs. A BMC no longer assigned: nothing.
    std::optional<maas::rpc::PowerStateChange> complete(const std::string& system_id,
                                                        const std::string& state,
                                                        const std::string& error,
                                                        Clock::time_point now);
    /// The earliest due time of a BMC not in flight, if any.
    std::optional<Clock::time_point> nextDue() const;
    size_t size() const { return entries_.size(); }
    std::chrono::milliseconds interval() const { return interval_; }

  private:
    struct Entry {
        maas::rpc::PowerArgs args;
        Clock::time_point due;
        bool in_flight = false;
    };
    std::chrono::milliseconds jittered(double low, double high);

    Random random_;
    std::chrono::milliseconds interval_{30000};
    std::map<std::string, Entry> entries_;
};

}  // namespace maas::rack::power
