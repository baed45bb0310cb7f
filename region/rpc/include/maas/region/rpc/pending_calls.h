#pragma once

#include <chrono>
#include <cstdint>
#include <future>
#include <map>
#include <string>
#include <utility>

#include "maas/rpc/message.h"

namespace maas::region::rpc {

/// Requests this region sent to racks and not yet answered, keyed by (connection, request id).
/// Every entry ends exactly once: with the rack's reply or error, when its connection closes
/// (connection-lost), or at its deadline (timeout). Pure bookkeeping; the caller owns the clock.
class PendingCalls {
  public:
    using Clock = std::chrono::steady_clock;
    using Promise = std::promise<maas::rpc::RpcMessage>;

    void add(uint64_t connection, uint64_t request_id, Promise promise, Clock::time_point deadline);
    /// Hands an answer to its caller; false when nobody waits for it (late or unknown id).
    bool resolve(uint64_t connection, const maas::rpc::RpcMessage& answer);
    /// Fails every call on a closed connection with connection-lost.
    void failConnection(uint64_t connection, const std::string& why);
    /// Fails every call whose deadline passed with timeout; returns how many.
    size_t expire(Clock::time_point now);
    size_t size() const { return calls_.size(); }

  private:
    struct Entry {
        Promise promise;
        Clock::time_point deadline;
    };
    std::map<std::pair<uint64_t, uint64_t>, Entry> calls_;
};

}  // namespace maas::region::rpc
