#pragma once

#include <cc/data.h>
#include <hooks/library_handle.h>

#include "maas/hooks/select_switch.h"

namespace maas::hooks {

/// This library's lease4_select entry in Kea's callout list, switched by SelectSwitch.
///
/// Kea 2.2 gives a callout no LibraryHandle of its own; the one load() received acts on the
/// library index the CalloutManager last set, which stays ours only if this library was the
/// last one loaded. At the first query the handle is checked to still be ours (it reads this
/// library's parameters); if it is not, or Kea runs packet threads, the callout stays on.
class KeaSelectCallout : private SelectCalloutList {
  public:
    /// In load(): `handle` is the one load() received, `callout` this library's lease4_select.
    KeaSelectCallout(isc::hooks::LibraryHandle& handle, isc::hooks::CalloutPtr callout);

    /// From pkt4_receive, before any allocation decision for the query.
    void beforeAllocation(HaState state);
    SelectSwitch::Mode mode() const;

  private:
    void add() override;
    void remove() override;

    isc::hooks::LibraryHandle& handle_;
    isc::hooks::CalloutPtr callout_;
    isc::data::ConstElementPtr own_parameters_;  // identifies this library's index
    SelectSwitch switch_{*this};
};

}  // namespace maas::hooks
