#include "maas/region/api/access.h"

#include "maas/region/api/access_policy.h"
#include "maas/region/api/errors.h"
#include "maas/region/api/fields.h"
#include "maas/region/store/network_store.h"
#include "maas/region/store/node_store.h"

namespace maas::region::api {

namespace {

bool machineAllowed(const Call& call, const User& user) {
    const auto node =
        store::NodeStore(call.db()).find(call.pathParam("system_id"), store::kMachineTypes);
    return !node || mayUseMachine(user, node->owner);
}

bool rangeAllowed(const Call& call, const User& user) {
    const auto id = parseInteger(call.pathParam("id"));
    if (!id)
        return true;
    const auto range = store::NetworkStore(call.db()).ipRange(*id);
    if (!range)
        return true;
    if (!mayChangeRange(user, range->user))
        return false;
    // An owner may keep its range but not turn it into a dynamic one (DHCP serves those).
    const auto type = call.params.get("type");
    if (!user.is_superuser && type && *type == "dynamic")
        throw ApiError(403, kDynamicRangeDenied);
    return true;
}

bool allowed(const AccessRule& rule, const Call& call, const User& user) {
    switch (rule.access) {
        case Access::user:
            return true;
        case Access::admin:
            return user.is_superuser;
        case Access::machine_view:
        case Access::machine_edit:
            return machineAllowed(call, user);
        case Access::iprange_create:
            return user.is_superuser || call.params.get("type").value_or("") != "dynamic";
        case Access::iprange_owner:
            return rangeAllowed(call, user);
    }
    return false;
}

}  // namespace

void authorise(const Resource& resource, const Action& action, const Call& call) {
    if (resource.anonymous)
        return;
    const auto rule = effectiveRule(resource.handler, action.name);
    if (!call.user || !allowed(rule, call, *call.user))
        throw ApiError(403, rule.denied);
}

}  // namespace maas::region::api
