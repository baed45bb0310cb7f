#pragma once

#include <cstdint>
#include <string_view>

#include "maas/hooks/ha_state.h"

namespace maas::hooks {

/// Whether every allocation decision in this state is "yes, with the lifetime asked for",
/// whatever the witness and takeover facts are: then the lease4_select callout changes nothing.
bool allocationUnrestricted(HaState state);

/// Kea's list of callouts for lease4_select, as far as this library's own entry goes.
class SelectCalloutList {
  public:
    virtual ~SelectCalloutList() = default;
    virtual void add() = 0;
    virtual void remove() = 0;
};

/// Keeps the lease4_select callout registered exactly while the state can restrict an
/// allocation. Kea calls a registered callout for every allocation (twice per DORA) and skips
/// the hook point, arguments and all, when none is registered. Kea's callout lists are not
/// guarded, so the switch is only enabled where every callout runs on one thread (Kea without
/// packet threads) and it is only driven from the query-received callout: every allocation
/// decision of a query comes after that query's call, and a state change between queries is
/// seen by the next one before its allocation.
class SelectSwitch {
  public:
    enum class Mode : uint8_t { On, Off, AlwaysOn };

    explicit SelectSwitch(SelectCalloutList& list) : list_(list) {}

    /// Decided once, at the first query: whether the callout may be switched at all.
    bool decided() const { return decided_; }
    void decide(bool switchable);

    /// A query arrived in this state, before any allocation decision for it.
    void beforeAllocation(HaState state);

    Mode mode() const;
    uint64_t switches() const { return switches_; }

  private:
    SelectCalloutList& list_;
    bool decided_ = false;
    bool switchable_ = false;
    bool registered_ = true;  // Kea registers a library's callouts when it loads it
    uint64_t switches_ = 0;
};

std::string_view selectModeName(SelectSwitch::Mode mode);

}  // namespace maas::hooks
