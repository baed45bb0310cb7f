#pragma once

#include <cstdint>

namespace maas::hooks {

/// How many leases the next sync page holds. A page is one uninterrupted stretch of Kea's main
/// loop on each side (reading and sending it on the serving side, merging it on the pulling
/// side), during which no DHCP query, heartbeat or Ack is handled. Each side keeps a sizer and
/// times its own part: a page handled within the budget lets the next full page grow by a
/// fixed step (additive increase); a page over the budget shrinks the size to what the budget
/// would have held at the rate just measured, at least by half (multiplicative decrease).
/// Sizes stay between a floor and the ceiling, `sync-page-size`.
class PageSizer {
  public:
    static constexpr uint32_t kFloor = 16;
    static constexpr int64_t kDefaultBudgetUs = 10000;

    /// ceiling >= 1; a ceiling under the floor is the size throughout.
    explicit PageSizer(uint32_t ceiling, int64_t budgetUs = kDefaultBudgetUs);

    uint32_t size() const { return size_; }
    /// A page of `leases` leases took `elapsedUs`. A short page (the last one) only shrinks.
    void record(uint32_t leases, int64_t elapsedUs);
    /// Back to the starting size (a new pull).
    void reset();

    uint32_t floor() const { return floor_; }
    uint32_t ceiling() const { return ceiling_; }
    uint32_t step() const { return step_; }

  private:
    uint32_t ceiling_;
    uint32_t floor_;
    uint32_t step_;
    int64_t budget_us_;
    uint32_t size_;
};

/// A page the partner asked for while client queries are queued here waits for them (they are
/// answered first), re-checked every `kPageYieldCheckUs`, but never longer than
/// `kPageYieldMaxUs`: under steady load the pull still advances a page per that much time.
inline constexpr int64_t kPageYieldCheckUs = 1000;
inline constexpr int64_t kPageYieldMaxUs = 20000;
/// Serve the waiting page now?
bool servePageNow(bool queriesWaiting, int64_t waitedUs);

}  // namespace maas::hooks
