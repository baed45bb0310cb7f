#pragma once

#include <cstddef>
#include <deque>
#include <map>
#include <optional>
#include <string>

namespace maas::rack::power {

/// One call per BMC at a time (pure bookkeeping; the owner holds its own lock). A call for a
/// BMC that is busy is parked behind the running one and handed, in arrival order, to whoever
/// finishes it, so two ipmitool sessions never interleave on one BMC and waiting callers
/// never hold a worker thread. A BMC with nothing running or parked leaves no entry.
template <typename Call>
class PerBmcQueue {
  public:
    /// True: the BMC was free and is now busy with this call (run it). False: the call was
    /// moved into the BMC's queue and is returned by finish() when its turn comes.
    bool admit(const std::string& bmc, Call& call) {
        auto [it, free] = busy_.try_emplace(bmc);
        if (free) {
            return true;
        }
        it->second.push_back(std::move(call));
        ++parked_;
        return false;
    }

    /// The BMC's running call ended: its next parked call (the BMC stays busy with it), or
    /// nullopt when none waits (the BMC is free).
    std::optional<Call> finish(const std::string& bmc) {
        auto it = busy_.find(bmc);
        if (it == busy_.end()) {
            return std::nullopt;
        }
        if (it->second.empty()) {
            busy_.erase(it);
            return std::nullopt;
        }
        std::optional<Call> next(std::move(it->second.front()));
        it->second.pop_front();
        --parked_;
        return next;
    }

    bool busy(const std::string& bmc) const { return busy_.contains(bmc); }
    size_t parked() const { return parked_; }

  private:
    std::map<std::string, std::deque<Call>> busy_;  ///< busy BMC -> calls waiting for it
    size_t parked_ = 0;
};

}  // namespace maas::rack::power
