#pragma once

#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "maas/region/api/errors.h"
#include "maas/region/api/models.h"
#include "maas/region/http/form.h"
#include "maas/region/store/node_query.h"

namespace maas::region::api {

/// The read filters MAAS's node collections take (pure): `hostname=` and `id=` (system_id),
/// each repeatable; a node passes when it matches any value given for every filter present.
std::vector<Node> filterNodes(std::vector<Node> nodes, const http::FormParams& params);

/// A machine status by the name MAAS's `status=` filter takes ("new", "ready", "deployed",
/// "failed_commissioning", ...); nullopt for any other text.
std::optional<int> machineStatusByName(std::string_view name);

/// `machines read` as a query (pure): MAAS's filters `hostname=`, `id=`, `status=`,
/// `power_state=` (on, off, unknown, error), `power_type=` (repeatable), `power_rack=` (a rack's
/// system_id or hostname, resolved by the caller), and the paging extension a web UI uses, which
/// MAAS clients never send: `sort=` (a key of store::nodeSortColumns, `-` first for descending),
/// `q=` (hostname contains), `offset=` and `limit=` (1 to 10000). Bad values are recorded in errors
/// by name.
store::NodeQuery machineQuery(const http::FormParams& params, const User& user,
                              FieldErrors& errors);

}  // namespace maas::region::api
