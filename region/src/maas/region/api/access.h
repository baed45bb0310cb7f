#pragma once

#include "maas/region/api/call.h"
#include "maas/region/api/routes.h"

namespace maas::region::api {

/// Applies the action's access rule (access_policy.h) to the authenticated user; throws
/// ApiError(403) with MAAS's text when it does not hold. Object rules read the object through
/// call.db(); a missing object passes, so the action answers 404 as before.
void authorise(const Resource& resource, const Action& action, const Call& call);

}  // namespace maas::region::api
