#pragma once

#include <cstdint>
#include <map>
#include <unordered_map>
#include <vector>

#include "maas/hooks/lease_record.h"

namespace maas::hooks {

/// Lease changes waiting for the partner while it is unreachable. Changes to the same address
/// coalesce (the newest wins, in the position of the newest). When the limit is hit the
/// content is dropped and overflowed() stays true until the partner has been fully resynced:
/// never silent loss.
class UpdateBacklog {
  public:
    explicit UpdateBacklog(size_t limit) : limit_(limit) {}

    /// False when this push overflowed the backlog.
    bool push(const LeaseRecord& lease);
    /// Removes and returns up to max changes, oldest first.
    std::vector<LeaseRecord> take(size_t max);

    size_t size() const { return by_order_.size(); }
    bool empty() const { return by_order_.empty(); }
    bool overflowed() const { return overflowed_; }
    /// Changes dropped so far (the overflowing push, its content, every push while overflowed).
    uint64_t losses() const { return losses_; }
    /// Call after the partner pulled everything.
    void clearOverflow() { overflowed_ = false; }
    void clear();

  private:
    size_t limit_;
    uint64_t next_order_ = 0;
    std::map<uint64_t, LeaseRecord> by_order_;
    std::unordered_map<uint32_t, uint64_t> order_of_address_;
    bool overflowed_ = false;
    uint64_t losses_ = 0;
};

}  // namespace maas::hooks
