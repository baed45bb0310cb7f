#include "maas/hooks/update_backlog.h"

namespace maas::hooks {

bool UpdateBacklog::push(const LeaseRecord& lease) {
    if (overflowed_) {
        ++losses_;
        return false;  // a full resync is pending; it carries this change too
    }
    auto known = order_of_address_.find(lease.address);
    if (known != order_of_address_.end()) {
        by_order_.erase(known->second);
        order_of_address_.erase(known);
    } else if (by_order_.size() >= limit_) {
        losses_ += by_order_.size() + 1;
        clear();
        overflowed_ = true;
        return false;
    }
    const uint64_t order = next_order_++;
    by_order_.emplace(order, lease);
    order_of_address_.emplace(lease.address, order);
    return true;
}

std::vector<LeaseRecord> UpdateBacklog::take(size_t max) {
    std::vector<LeaseRecord> out;
    while (!by_order_.empty() && out.size() < max) {
        auto first = by_order_.begin();
        order_of_address_.erase(first->second.address);
        out.push_back(std::move(first->second));
        by_order_.erase(first);
    }
    return out;
}

void UpdateBacklog::clear() {
    by_order_.clear();
    order_of_address_.clear();
}

}  // namespace maas::hooks
