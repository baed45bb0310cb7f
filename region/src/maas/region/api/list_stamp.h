#pragma once

#include <cstdint>
#include <string>

namespace maas::region::api {

/// What a cached list was built from: the database's list generation (migration 0115), the
/// racks live at the time (a machine's power_rack depends on the clock, not on a write) and,
/// for the controller lists only, every controller's last_seen as the lists render it (moved
/// by heartbeats, which bump no generation).
struct ListStamp {
    int64_t generation = 0;
    std::string live_racks;
    std::string controllers_seen;
    bool operator==(const ListStamp&) const = default;
};

}  // namespace maas::region::api
