#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace maas::region::store {

/// Which nodes a list read returns, in which order, which slice (validated by api/node_filter).
struct NodeQuery {
    std::set<int> types;
    std::vector<std::string> hostnames;     ///< any of (empty: no filter)
    std::vector<std::string> system_ids;    ///< any of
    std::vector<int> statuses;              ///< any of
    std::vector<std::string> power_states;  ///< any of ("on", "off", "unknown", "error")
    std::vector<std::string> power_types;   ///< any of
    /// Machines whose BMC this rack (system_id or hostname) drives now; resolved by the action
    /// into managed_ids, since the owner is computed (rendezvous over live racks), not stored.
    std::optional<std::string> power_rack;
    std::optional<std::vector<std::string>> managed_ids;  ///< only these system_ids
    std::optional<std::string> text;                      ///< hostname contains, case-insensitive
    std::string sort = "hostname";                        ///< a key of kNodeSortColumns
    bool descending = false;
    int64_t offset = 0;
    std::optional<int64_t> limit;
    /// Machines visible to this user only (unowned or theirs); nullopt: every machine (admin).
    std::optional<std::string> visible_to;
};

/// Sort keys a list read accepts, and the column each orders by.
const std::vector<std::pair<std::string, std::string>>& nodeSortColumns();

/// The WHERE clause (over nodes n LEFT JOIN users u) and its parameters (pure).
struct NodeFilterSql {
    std::string where;
    std::vector<std::optional<std::string>> params;  ///< a db::Params (pure: no libpq here)
    std::string order_by;                            ///< ORDER BY ...
    std::string order_and_slice;                     ///< order_by [LIMIT n] [OFFSET n]
};
NodeFilterSql nodeFilterSql(const NodeQuery& query);

/// A PostgreSQL array literal of texts, every element quoted (values come from requests).
std::string textArrayLiteral(const std::vector<std::string>& values);

}  // namespace maas::region::store
