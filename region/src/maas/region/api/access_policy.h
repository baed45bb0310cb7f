#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "maas/region/api/models.h"

namespace maas::region::api {

/// Who may run an action, as MAAS's permission checks have it. The dispatcher enforces the
/// rule for every authenticated request (API key and web UI session alike) before the action
/// runs; an action without a rule needs an admin, so a new route is closed until classified.
enum class Access {
    user,            ///< any authenticated user (MAAS: view of unrestricted-read models)
    admin,           ///< superusers only
    machine_view,    ///< {system_id} is no machine, or unowned, the user's own, or an admin
    machine_edit,    ///< the same (MAAS NodePermission.edit without RBAC)
    iprange_create,  ///< anyone may reserve a range; only admins create dynamic ones
    iprange_owner,   ///< the range's creator or an admin
};

struct AccessRule {
    Access access = Access::admin;
    /// The 403 body MAAS gives (empty where MAAS raises a bare PermissionDenied).
    std::string denied;
};

/// The rule of "<Handler>.<action>", or nullptr when none is written down.
const AccessRule* accessRule(std::string_view handler, std::string_view action);

/// The rule the dispatcher applies: the written one, else admin-only with MAAS's admin text.
AccessRule effectiveRule(std::string_view handler, std::string_view action);

/// MAAS: a machine is visible and editable by its owner, by anyone while unowned, and by admins.
bool mayUseMachine(const User& user, const std::optional<std::string>& owner);

/// MAAS: a range may be changed by the user who created it or by an admin.
bool mayChangeRange(const User& user, const std::optional<std::string>& creator);

/// "User does not have permission to perform this operation. The user should have permission
/// '<entitlement>'" (MAAS's check_permission text).
std::string entitlementDenied(std::string_view entitlement);

inline constexpr const char* kDynamicRangeDenied =
    "Unable to create dynamic IP range. You don't have sufficient privileges.";
inline constexpr const char* kRangeNotOwned =
    "Unable to modify IP range. You don't own the IP range.";
inline constexpr const char* kAdminOnly = "This method is reserved for admin users.";

}  // namespace maas::region::api
