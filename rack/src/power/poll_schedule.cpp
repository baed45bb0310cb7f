#include "maas/rack/power/poll_schedule.h"

namespace maas::rack::power {

namespace mr = maas::rpc;

std::chrono::milliseconds PollSchedule::jittered(double low, double high) {
    const double factor = low + (high - low) * random_();
    return std::chrono::milliseconds(static_cast<int64_t>(interval_.count() * factor));
}

void PollSchedule::assign(const mr::PowerAssignments& assignments, Clock::time_point now) {
    interval_ = std::chrono::milliseconds(assignments.interval_ms);
    std::map<std::string, Entry> next;
    for (const auto& bmc : assignments.bmcs) {
        auto it = entries_.find(bmc.system_id);
        if (it != entries_.end()) {
            Entry kept = std::move(it->second);
            kept.args = bmc;  // parameters may have changed
            next.emplace(bmc.system_id, std::move(kept));
        } else {
            next.emplace(bmc.system_id, Entry{bmc, now + jittered(0.0, 0.1)});
        }
    }
    entries_ = std::move(next);
}

std::vector<mr::PowerArgs> PollSchedule::takeDue(Clock::time_point now) {
    std::vector<mr::PowerArgs> due;
    for (auto& [id, e] : entries_) {
        if (!e.in_flight && e.due <= now) {
            e.in_flight = true;
            due.push_back(e.args);
        }
    }
    return due;
}

std::optional<mr::PowerStateChange> PollSchedule::complete(const std::string& system_id,
                                                           const std::string& state,
                                                           const std::string& error,
                                                           Clock::time_point now) {
    auto it = entries_.find(system_id);
    if (it == entries_.end()) {
        return std::nullopt;
    }
    Entry& e = it->second;
    e.in_flight = false;
    e.due = now + jittered(0.9, 1.1);
    return mr::PowerStateChange{system_id, state, error};
}

std::optional<PollSchedule::Clock::time_point> PollSchedule::nextDue() const {
    std::optional<Clock::time_point> earliest;
    for (const auto& [id, e] : entries_) {
        if (!e.in_flight && (!earliest || e.due < *earliest)) {
            earliest = e.due;
        }
    }
    return earliest;
}

}  // namespace maas::rack::power
