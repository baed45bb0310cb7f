#pragma once

#include <chrono>

#include "maas/region/api/list_cache.h"
#include "maas/region/db/pg.h"

namespace maas::region::store {

/// The stamp of what a list read sees now, in one statement: the list generation (migration
/// 0115) and the racks whose heartbeat is younger than rack_dead_after (as power::PowerStore
/// counts them), so a rack going silent changes the stamp without any write.
api::ListStamp readListStamp(db::Connection& conn, std::chrono::seconds rack_dead_after);

}  // namespace maas::region::store
