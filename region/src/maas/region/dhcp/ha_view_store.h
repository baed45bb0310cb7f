#pragma once

#include <optional>
#include <vector>

#include "maas/region/db/pg.h"
#include "maas/region/dhcp/ha_view.h"

namespace maas::region::dhcp {

/// Every VLAN with a secondary rack (or just `vlan_id`), with both racks' last reports and the
/// witness's takeovers.
std::vector<HaVlanView> loadHaViews(db::Connection& conn, std::optional<int64_t> vlan_id);

}  // namespace maas::region::dhcp
