#include <config.h>

#include "kea_select_callout.h"

#include <util/multi_threading_mgr.h>

namespace maas::hooks {

namespace {
constexpr const char* kHook = "lease4_select";

bool packetThreads() {
    // Set before packet processing starts and unchanged until the library is reloaded.
    return isc::util::MultiThreadingMgr::instance().getMode();
}
}  // namespace

KeaSelectCallout::KeaSelectCallout(isc::hooks::LibraryHandle& handle,
                                   isc::hooks::CalloutPtr callout)
    : handle_(handle), callout_(callout), own_parameters_(handle.getParameters()) {}

void KeaSelectCallout::beforeAllocation(HaState state) {
    if (packetThreads()) {
        return;  // the callout lists are read by every packet thread: never touched
    }
    if (!switch_.decided()) {
        switch_.decide(own_parameters_ && handle_.getParameters() == own_parameters_);
    }
    switch_.beforeAllocation(state);
}

SelectSwitch::Mode KeaSelectCallout::mode() const {
    return packetThreads() ? SelectSwitch::Mode::AlwaysOn : switch_.mode();
}

void KeaSelectCallout::add() {
    handle_.registerCallout(kHook, callout_);
}

void KeaSelectCallout::remove() {
    handle_.deregisterAllCallouts(kHook);
}

}  // namespace maas::hooks
