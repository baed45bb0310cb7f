#include "maas/hooks/select_switch.h"

namespace maas::hooks {

bool allocationUnrestricted(HaState state) {
    // Normal: every new lease reaches the partner before the client hears of it. Standalone:
    // there is no partner. In every other state some fence fact or the lifetime cap restricts.
    return state == HaState::Normal || state == HaState::Standalone;
}

void SelectSwitch::decide(bool switchable) {
    decided_ = true;
    switchable_ = switchable;
}

void SelectSwitch::beforeAllocation(HaState state) {
    if (!switchable_) {
        return;
    }
    const bool needed = !allocationUnrestricted(state);
    if (needed == registered_) {
        return;
    }
    if (needed) {
        list_.add();
    } else {
        list_.remove();
    }
    registered_ = needed;
    ++switches_;
}

SelectSwitch::Mode SelectSwitch::mode() const {
    if (decided_ && !switchable_) {
        return Mode::AlwaysOn;
    }
    return registered_ ? Mode::On : Mode::Off;
}

std::string_view selectModeName(SelectSwitch::Mode mode) {
    switch (mode) {
        case SelectSwitch::Mode::On:
            return "on";
        case SelectSwitch::Mode::Off:
            return "off";
        case SelectSwitch::Mode::AlwaysOn:
            return "always-on";
    }
    return "unknown";
}

}  // namespace maas::hooks
