#pragma once

#include <atomic>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "maas/region/api/list_flights.h"
#include "maas/region/api/list_stamp.h"
#include "maas/region/http/message.h"
#include "maas/region/http/negotiation.h"

namespace maas::region::api {

/// Whole answers to list reads, per worker, bounded in bytes with LRU eviction (pure,
/// thread-safe). An entry answers only a request that reads the same stamp; one that reads
/// another stamp drops it. An answer larger than the bound is never kept.
class ListCache {
  public:
    static constexpr size_t kDefaultBytes = 64u << 20;

    explicit ListCache(size_t max_bytes,
                       std::chrono::milliseconds flight_wait = ListFlights::kDefaultMaxWait)
        : max_bytes_(max_bytes), flights_(flight_wait) {}

    /// The answer kept under key for exactly this stamp; counts a hit or a miss.
    std::shared_ptr<const http::Response> find(const std::string& key, const ListStamp& stamp);
    /// Keeps answer under key for stamp, evicting the least recently used entries to fit.
    void put(const std::string& key, const ListStamp& stamp,
             std::shared_ptr<const http::Response> answer);

    uint64_t hits() const { return hits_; }
    uint64_t misses() const { return misses_; }
    uint64_t evictions() const { return evictions_; }
    size_t bytes() const;
    size_t entries() const;
    size_t maxBytes() const { return max_bytes_; }
    /// The builds under way, so that concurrent misses of one key build it once.
    ListFlights& flights() { return flights_; }
    const ListFlights& flights() const { return flights_; }

  private:
    struct Entry {
        std::string key;
        ListStamp stamp;
        std::shared_ptr<const http::Response> answer;
        size_t bytes = 0;
    };
    using Order = std::list<Entry>;  ///< most recently used first

    void eraseLocked(Order::iterator it);

    const size_t max_bytes_;
    mutable std::mutex mutex_;
    Order order_;
    std::unordered_map<std::string, Order::iterator> index_;
    size_t bytes_ = 0;
    std::atomic<uint64_t> hits_{0}, misses_{0}, evictions_{0};
    ListFlights flights_;
};

/// The cache key of one list read: the action, who may see what (admins see every machine,
/// a user only unowned and their own), the parameters in a canonical order (by name, each
/// name's values in the order given) and the encoding the answer is in.
std::string listCacheKey(const std::string& action, const std::string& visibility,
                         const std::vector<std::pair<std::string, std::string>>& params, bool gzip);

/// The answer a kept representation gives a request with this If-None-Match: the same
/// answer (its body shared, not copied), or 304 with its ETag when the header names its tag
/// (either encoding's).
http::Response conditionalAnswer(const std::shared_ptr<const http::Response>& representation,
                                 const std::string& if_none_match);

}  // namespace maas::region::api
