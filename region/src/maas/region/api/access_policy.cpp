#include "maas/region/api/access_policy.h"

#include <map>

namespace maas::region::api {

namespace {

constexpr const char* kRegistrationSecret =
    "Only administrators can see the rack registration secret.";

const std::map<std::string, AccessRule, std::less<>>& rules() {
    // MAAS raises a bare PermissionDenied (empty body) from its object checks and names the
    // entitlement from check_permission; both are kept so clients see the same answers.
    static const std::map<std::string, AccessRule, std::less<>> table{
        {"UsersHandler.read", {Access::user, ""}},
        {"UsersHandler.whoami", {Access::user, ""}},
        {"UsersHandler.create", {Access::admin, entitlementDenied("can_edit_identities")}},
        {"UserHandler.read", {Access::user, ""}},
        {"UserHandler.delete", {Access::admin, entitlementDenied("can_edit_identities")}},
        // Every user manages its own tokens.
        {"AccountHandler.create_authorisation_token", {Access::user, ""}},
        {"AccountHandler.list_authorisation_tokens", {Access::user, ""}},
        {"AccountHandler.delete_authorisation_token", {Access::user, ""}},
        {"RegionControllersHandler.read", {Access::user, ""}},
        {"RegionControllerHandler.read", {Access::user, ""}},
        {"RegionControllerHandler.delete",
         {Access::admin, entitlementDenied("can_edit_controllers")}},
        {"RackControllersHandler.read", {Access::user, ""}},
        {"RackControllersHandler.registration_info", {Access::admin, kRegistrationSecret}},
        {"RackControllerHandler.read", {Access::user, ""}},
        {"RackControllerHandler.delete",
         {Access::admin, entitlementDenied("can_edit_controllers")}},
        {"FabricsHandler.read", {Access::user, ""}},
        {"FabricsHandler.create", {Access::admin, entitlementDenied("can_edit_global_entities")}},
        {"FabricHandler.read", {Access::user, ""}},
        {"FabricHandler.update", {Access::admin, ""}},
        {"FabricHandler.delete", {Access::admin, ""}},
        {"VlansHandler.read", {Access::user, ""}},
        {"VlansHandler.create", {Access::admin, ""}},
        {"VlanHandler.read", {Access::user, ""}},
        {"VlanHandler.update", {Access::admin, ""}},
        {"VlanHandler.delete", {Access::admin, ""}},
        {"VlanByIdHandler.read", {Access::user, ""}},
        {"SubnetsHandler.read", {Access::user, ""}},
        {"SubnetsHandler.create", {Access::admin, entitlementDenied("can_edit_global_entities")}},
        {"SubnetHandler.read", {Access::user, ""}},
        {"SubnetHandler.update", {Access::admin, ""}},
        {"SubnetHandler.delete", {Access::admin, ""}},
        {"SubnetHandler.ip_addresses", {Access::user, ""}},
        {"IPRangesHandler.read", {Access::user, ""}},
        {"IPRangesHandler.create", {Access::iprange_create, kDynamicRangeDenied}},
        {"IPRangeHandler.read", {Access::user, ""}},
        {"IPRangeHandler.update", {Access::iprange_owner, kRangeNotOwned}},
        {"IPRangeHandler.delete", {Access::iprange_owner, kRangeNotOwned}},
        // The handler itself limits all=, owner= and force= to admins, with MAAS's texts.
        {"IPAddressesHandler.read", {Access::user, ""}},
        {"IPAddressesHandler.reserve", {Access::user, ""}},
        {"IPAddressesHandler.release", {Access::user, ""}},
        {"SubnetHandler.statistics", {Access::user, ""}},
        {"SubnetHandler.reserved_ip_ranges", {Access::user, ""}},
        {"SubnetHandler.unreserved_ip_ranges", {Access::user, ""}},
        {"NodesHandler.read", {Access::user, ""}},
        {"EventsHandler.query", {Access::user, ""}},
        // Everyone reads and dismisses what is meant for them (the handler checks relevance,
        // with MAAS's bare 403); changing notifications needs an admin.
        {"NotificationsHandler.read", {Access::user, ""}},
        {"NotificationsHandler.create",
         {Access::admin, entitlementDenied("can_edit_notifications")}},
        {"NotificationHandler.read", {Access::user, ""}},
        {"NotificationHandler.dismiss", {Access::user, ""}},
        {"NotificationHandler.update",
         {Access::admin, entitlementDenied("can_edit_notifications")}},
        {"NotificationHandler.delete",
         {Access::admin, entitlementDenied("can_edit_notifications")}},
        // Interfaces: viewing follows the node (machines by owner); changes need an admin
        // (MAAS checks NodePermission.admin on the interface's node).
        {"InterfacesHandler.read", {Access::machine_view, ""}},
        {"InterfaceHandler.read", {Access::machine_view, ""}},
        {"InterfaceHandler.update", {Access::admin, ""}},
        // MAAS checks NodePermission.edit: a machine's owner (or anyone while unowned, as
        // power control here) or an admin; the action then refuses controllers for everyone.
        {"InterfaceHandler.link_subnet", {Access::machine_edit, ""}},
        {"InterfaceHandler.unlink_subnet", {Access::machine_edit, ""}},
        {"MachinesHandler.read", {Access::user, ""}},
        {"MachinesHandler.create", {Access::user, ""}},
        {"MachineHandler.read", {Access::machine_view, ""}},
        {"MachineHandler.delete", {Access::admin, ""}},
        // MAAS checks NodePermission.admin (bare PermissionDenied) on both updates.
        {"MachineHandler.update", {Access::admin, ""}},
        {"RackControllerHandler.update", {Access::admin, ""}},
        {"MachineHandler.power_parameters", {Access::admin, ""}},
        {"MachineHandler.power_on", {Access::machine_edit, ""}},
        {"MachineHandler.power_off", {Access::machine_edit, ""}},
        {"MachineHandler.query_power_state", {Access::machine_view, ""}},
        // Lists every node's interfaces; changing one moves it on the network.
        {"NodesHandler.read", {Access::user, ""}},
        {"InterfacesHandler.read", {Access::user, ""}},
        {"InterfaceHandler.read", {Access::user, ""}},
        {"InterfaceHandler.update", {Access::admin, ""}},
    };
    return table;
}

}  // namespace

std::string entitlementDenied(std::string_view entitlement) {
    return "User does not have permission to perform this operation. The user should have "
           "permission '" +
           std::string(entitlement) + "'";
}

const AccessRule* accessRule(std::string_view handler, std::string_view action) {
    const std::string key = std::string(handler) + "." + std::string(action);
    const auto& table = rules();
    const auto found = table.find(key);
    return found == table.end() ? nullptr : &found->second;
}

AccessRule effectiveRule(std::string_view handler, std::string_view action) {
    if (const auto* rule = accessRule(handler, action))
        return *rule;
    return {Access::admin, kAdminOnly};
}

bool mayUseMachine(const User& user, const std::optional<std::string>& owner) {
    return user.is_superuser || !owner || *owner == user.username;
}

bool mayChangeRange(const User& user, const std::optional<std::string>& creator) {
    return user.is_superuser || (creator && *creator == user.username);
}

}  // namespace maas::region::api
