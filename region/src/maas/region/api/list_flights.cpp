#include "maas/region/api/list_flights.h"

namespace maas::region::api {

struct ListFlights::Flight {
    std::string key;
    ListStamp stamp;
    std::chrono::steady_clock::time_point started;
    bool landed = false;
    Answer answer;
};

ListFlights::Ticket::Ticket(Ticket&& other) noexcept
    : flights_(other.flights_), flight_(std::move(other.flight_)), role_(other.role_) {}

ListFlights::Ticket::~Ticket() {
    if (flight_ && role_ == Role::lead) {
        std::lock_guard lock(flights_->mutex_);
        flights_->landLocked(*flight_, nullptr);  // no-op once landed
    }
}

ListFlights::ListFlights(std::chrono::milliseconds max_wait, Clock clock)
    : max_wait_(max_wait), clock_(std::move(clock)) {}

ListFlights::Ticket ListFlights::join(const std::string& key, const ListStamp& stamp) {
    const auto now = clock_();
    std::lock_guard lock(mutex_);
    if (const auto it = flights_.find(key); it != flights_.end()) {
        const auto& flight = it->second;
        if (flight->stamp == stamp && now < flight->started + max_wait_)
            return Ticket(*this, flight, Role::follow);
        // Too old (its followers give up on it) or another stamp's: a new flight takes the
        // key; the old one still lands for those who follow it.
    }
    auto flight = std::make_shared<Flight>(Flight{key, stamp, now, false, nullptr});
    flights_[key] = flight;
    return Ticket(*this, std::move(flight), Role::lead);
}

void ListFlights::land(Ticket& leader, Answer answer) {
    if (!leader.flight_ || leader.role_ != Role::lead)
        return;
    std::lock_guard lock(mutex_);
    landLocked(*leader.flight_, std::move(answer));
}

void ListFlights::landLocked(Flight& flight, Answer answer) {
    if (flight.landed)
        return;
    flight.landed = true;
    flight.answer = std::move(answer);
    // Only its own flight: a newer one may hold the key by now.
    if (const auto it = flights_.find(flight.key);
        it != flights_.end() && it->second.get() == &flight)
        flights_.erase(it);
    landed_.notify_all();
}

ListFlights::Answer ListFlights::await(Ticket& follower) {
    if (!follower.flight_ || follower.role_ != Role::follow)
        return nullptr;
    const auto& flight = *follower.flight_;
    const auto give_up = flight.started + max_wait_;
    // Bounded in real time as well, whatever the injected clock does.
    const auto real_give_up = std::chrono::steady_clock::now() + max_wait_;
    std::unique_lock lock(mutex_);
    ++waiting_;
    while (!flight.landed) {
        const auto left = give_up - clock_();
        if (left <= std::chrono::steady_clock::duration::zero() ||
            std::chrono::steady_clock::now() >= real_give_up)
            break;
        landed_.wait_until(lock, std::min(std::chrono::steady_clock::now() + left, real_give_up));
    }
    --waiting_;
    if (!flight.landed || !flight.answer)
        return nullptr;
    ++shared_;
    return flight.answer;
}

uint64_t ListFlights::waiting() const {
    std::lock_guard lock(mutex_);
    return waiting_;
}

size_t ListFlights::flying() const {
    std::lock_guard lock(mutex_);
    return flights_.size();
}

}  // namespace maas::region::api
