#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "maas/region/api/list_stamp.h"
#include "maas/region/http/message.h"

namespace maas::region::api {

/// One build per list: requests that miss the cache for the same key at the same stamp while
/// another request is building that answer (its "flight") wait for that build instead of each
/// building the same list again (pure, thread-safe; the clock is injected).
///
/// A request's role when it joins, by what the key's flight is (the whole table):
///   no flight                              -> lead (a new flight)
///   a flight at the same stamp, in time    -> follow (wait for its answer)
///   a flight at the same stamp, too old    -> lead (a new flight; the stuck one is left alone)
///   a flight at another stamp              -> lead (a new flight; the old one's followers
///                                             still get the old one's answer)
/// A follower waits at most max_wait from the start of the flight. A leader that lands no
/// answer (its build failed, threw, or its answer is not exactly its stamp's) wakes its
/// followers with none, and each then builds on its own.
class ListFlights {
  public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;
    using Answer = std::shared_ptr<const http::Response>;
    enum class Role { lead, follow };
    static constexpr std::chrono::milliseconds kDefaultMaxWait{15000};

    struct Flight;

    /// A request's part in its key's flight. A leader's ticket that goes out of scope without
    /// landing (an exception, an early return) lands no answer, so no follower waits for it.
    class Ticket {
      public:
        Ticket(Ticket&& other) noexcept;
        Ticket& operator=(Ticket&&) = delete;
        ~Ticket();
        Role role() const { return role_; }

      private:
        friend class ListFlights;
        Ticket(ListFlights& flights, std::shared_ptr<Flight> flight, Role role)
            : flights_(&flights), flight_(std::move(flight)), role_(role) {}
        ListFlights* flights_;
        std::shared_ptr<Flight> flight_;
        Role role_;
    };

    explicit ListFlights(std::chrono::milliseconds max_wait = kDefaultMaxWait,
                         Clock clock = std::chrono::steady_clock::now);

    Ticket join(const std::string& key, const ListStamp& stamp);
    /// The leader hands its followers answer (null: none; they build on their own). Once.
    void land(Ticket& leader, Answer answer);
    /// The follower's answer: the leader's, or null when it landed none or max_wait from the
    /// flight's start passed first.
    Answer await(Ticket& follower);

    uint64_t shared() const { return shared_; }  ///< followers answered by a leader's build
    uint64_t waiting() const;                    ///< followers waiting now
    size_t flying() const;                       ///< flights not landed

  private:
    void landLocked(Flight& flight, Answer answer);

    const std::chrono::milliseconds max_wait_;
    const Clock clock_;
    mutable std::mutex mutex_;
    std::condition_variable landed_;
    std::unordered_map<std::string, std::shared_ptr<Flight>> flights_;
    uint64_t waiting_ = 0;
    std::atomic<uint64_t> shared_{0};
};

}  // namespace maas::region::api
