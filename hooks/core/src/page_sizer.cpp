#include "maas/hooks/page_sizer.h"

#include <algorithm>

namespace maas::hooks {

namespace {

// A pull starts at an eighth of the ceiling: a loaded server's first page stays short, and a
// quiet one reaches the ceiling after a few pages.
uint32_t startSize(uint32_t floor, uint32_t ceiling) {
    return std::clamp(ceiling / 8, floor, ceiling);
}

}  // namespace

PageSizer::PageSizer(uint32_t ceiling, int64_t budgetUs)
    : ceiling_(std::max<uint32_t>(ceiling, 1)),
      floor_(std::min(kFloor, ceiling_)),
      step_(std::max<uint32_t>(ceiling_ / 16, 1)),
      budget_us_(std::max<int64_t>(budgetUs, 1)),
      size_(startSize(floor_, ceiling_)) {}

void PageSizer::reset() {
    size_ = startSize(floor_, ceiling_);
}

void PageSizer::record(uint32_t leases, int64_t elapsedUs) {
    if (elapsedUs > budget_us_) {
        // What the budget would have held at the rate just measured, and at least a halving.
        const int64_t fits = std::max<int64_t>(leases, 1) * budget_us_ / elapsedUs;
        const int64_t halved = size_ / 2;
        size_ =
            static_cast<uint32_t>(std::clamp<int64_t>(std::min(fits, halved), floor_, ceiling_));
        return;
    }
    if (leases >= size_) {
        size_ = std::min(ceiling_, size_ + step_);
    }
}

bool servePageNow(bool queriesWaiting, int64_t waitedUs) {
    return !queriesWaiting || waitedUs >= kPageYieldMaxUs;
}

}  // namespace maas::hooks
