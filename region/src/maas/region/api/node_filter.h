#pragma once

#include <vector>

#include "maas/region/api/models.h"
#include "maas/region/http/form.h"

namespace maas::region::api {

/// The read filters MAAS's node collections take (pure): `hostname=` and `id=` (system_id),
/// each repeatable; a node passes when it matches any value given for every filter present.
std::vector<Node> filterNodes(std::vector<Node> nodes, const http::FormParams& params);

}  // namespace maas::region::api
