#pragma once

#include <chrono>
#include <set>
#include <string>

#include "maas/region/api/list_cache.h"
#include "maas/region/db/pg.h"

namespace maas::region::store {

/// The stamp of what a list read sees now, in one statement: the list generation (migration
/// 0115) and the racks whose heartbeat is younger than rack_dead_after (as power::PowerStore
/// counts them), so a rack going silent changes the stamp without any write. With
/// controller_types, also the last_seen of every node of those types exactly as the lists
/// render it (a heartbeat bumps no generation).
api::ListStamp readListStamp(db::Connection& conn, std::chrono::seconds rack_dead_after,
                             const std::set<int>& controller_types = {});

/// The stamp's three columns as an SQL select list over `api_list_generation g`: dead_after
/// and controller_types are SQL expressions (parameters or literals) for the seconds and the
/// smallint[] of node types; without controllers the third column is ''.
std::string listStampColumns(const std::string& dead_after, const std::string& controller_types,
                             bool controllers);

}  // namespace maas::region::store
