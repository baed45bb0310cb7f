#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "maas/region/api/models.h"
#include "maas/region/db/pg.h"

namespace maas::region::store {

/// What a node list joins to nodes n: users u, zones z, resource_pools p.
inline constexpr const char* kNodeJoins =
    "LEFT JOIN users u ON u.id = n.owner_id JOIN zones z ON z.id = n.zone_id "
    "JOIN resource_pools p ON p.id = n.pool_id ";

/// One statement reading a node list whole: the nodes `where` selects (ordered by `order_by`;
/// when `sliced`, by two parameters after the filter's `filter_params`: LIMIT, NULL for none,
/// then OFFSET) and every interface, link, service and tag of them, one row each, by kind.
/// All payload columns are text, so the kinds share one result. `few`: the shape selects a
/// few nodes (named ones, a small page, the controllers), which changes how the children are
/// joined, not what is read (pure).
std::string nodeListSql(const std::string& where, const std::string& order_by, size_t filter_params,
                        bool few, bool sliced);

/// The prepared statement's name for a node list statement: equal SQL, equal name, so each
/// list shape (filters present, sort) is prepared once per connection (pure).
std::string nodeListStatementName(const std::string& sql);

/// The nodes of a nodeListSql result, children attached, in the list's order, and how many
/// nodes matched before the slice (unknown when the slice is empty).
struct NodeListRows {
    std::vector<api::Node> nodes;
    std::optional<int64_t> total;
};
NodeListRows decodeNodeList(const db::Result& r);

}  // namespace maas::region::store
