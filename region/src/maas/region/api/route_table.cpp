// The API's route table: each handler, its path and its actions, with the docs the MAAS CLI
// reads (`describe`). Matching a request against it is routes.cpp's.
#include "maas/region/api/routes.h"

namespace maas::region::api {

namespace {

Action read(std::string doc) {
    return {"read", "GET", std::nullopt, std::move(doc)};
}
Action create(std::string doc) {
    return {"create", "POST", std::nullopt, std::move(doc)};
}
Action update(std::string doc) {
    return {"update", "PUT", std::nullopt, std::move(doc)};
}
Action remove(std::string doc) {
    return {"delete", "DELETE", std::nullopt, std::move(doc)};
}
Action op(std::string method, std::string name, std::string doc) {
    return {name, std::move(method), name, std::move(doc)};
}

/// A doc whose body lists the key=value parameters an action takes, as MAAS writes its
/// docstrings: the MAAS CLI accepts key=value arguments only for actions whose doc has
/// `:param` lines.
std::string withParams(std::string title,
                       std::initializer_list<std::pair<const char*, const char*>> params) {
    title += "\n\n";
    for (const auto& [name, doc] : params) {
        title += std::string(":param ") + name + ": " + doc + "\n:type " + name + ": String\n";
    }
    return title;
}

std::string api(const std::string& tail) {
    return std::string(kApiPrefix) + tail;
}

}  // namespace

const std::initializer_list<std::pair<const char*, const char*>> kSubnetParams{
    {"cidr", "The network CIDR for this subnet."},
    {"name", "Name of the subnet."},
    {"description", "Description of the subnet."},
    {"vlan", "VLAN this subnet belongs to (defaults to the default VLAN of the fabric)."},
    {"fabric", "Fabric for the subnet (with vid)."},
    {"vid", "VID of the VLAN this subnet belongs to (with fabric)."},
    {"gateway_ip", "The gateway IP address for this subnet."},
    {"dns_servers", "Comma-separated list of DNS servers for this subnet."},
    {"managed", "Whether MAAS manages this subnet."}};
const std::initializer_list<std::pair<const char*, const char*>> kNodeFilters{
    {"hostname", "Only nodes relating to the node with the matching hostname (repeatable)."},
    {"id", "Only nodes relating to the nodes with matching system ids (repeatable)."}};
const std::initializer_list<std::pair<const char*, const char*>> kMachineFilters{
    {"hostname", "Only nodes relating to the node with the matching hostname (repeatable)."},
    {"id", "Only nodes relating to the nodes with matching system ids (repeatable)."},
    {"status", "Only machines in this status: new, ready, deployed, ... (repeatable)."},
    {"power_state", "Only machines in this power state: on, off, unknown or error (repeatable)."},
    {"power_type", "Only machines of this power type: ipmi, webhook or manual (repeatable)."},
    {"power_rack",
     "Only machines whose BMC the rack controller with this system_id or hostname drives now."},
    {"sort",
     "Extension for paging clients: order by hostname (default), system_id, status, "
     "power_state, architecture, cpu_count, memory, owner, zone or pool; a leading - "
     "reverses."},
    {"q", "Extension for paging clients: only machines whose hostname contains this text."},
    {"offset", "Extension for paging clients: skip this many machines of the order."},
    {"limit",
     "Extension for paging clients: at most this many machines (1 to 10000). Every answer "
     "carries the number of machines matching the filters in X-Total-Count."}};
const std::initializer_list<std::pair<const char*, const char*>> kRangeParams{
    {"type", "Type of this range (dynamic or reserved)."},
    {"start_ip", "Start IP address of this range (inclusive)."},
    {"end_ip", "End IP address of this range (inclusive)."},
    {"subnet", "Subnet associated with this range."},
    {"comment", "A description of this range."}};

const std::initializer_list<std::pair<const char*, const char*>> kNotificationParams{
    {"message", "The message; {name} is replaced by context's value of name."},
    {"context", "Optional JSON object whose values the message refers to."},
    {"category", "error, warning, success or info (default)."},
    {"ident", "Unique identifier of the condition this notification is about."},
    {"user", "User id or username this notification is for."},
    {"users", "True to notify every non-admin user."},
    {"admins", "True to notify every admin."},
    {"dismissable", "True (default) to let users dismiss it."}};

namespace {

/// The API's own description, users and the logged-in account.
std::vector<Resource> accountResources() {
    return {
        {"VersionHandler",
         "Information about this MAAS instance.",
         api("version/"),
         true,
         {read("Read version and capabilities.")}},
        {"DescribeHandler",
         "The API description document.",
         api("describe/"),
         true,
         {read("Describe every handler of this API.")},
         true},
        {"UsersHandler",
         "Manage the user accounts of this MAAS.",
         api("users/"),
         false,
         {read("List users."), op("GET", "whoami", "Returns the currently logged in user."),
          create(withParams("Create a user (admins only).",
                            {{"username", "Username for the new user."},
                             {"email", "Email address for the new user."},
                             {"password", "Password for the new user."},
                             {"is_superuser", "Whether the new user is an administrator."}}))}},
        {"UserHandler",
         "Manage a user account.",
         api("users/{username}/"),
         false,
         {read("Read a user."),
          remove(withParams("Delete a user (admins only).",
                            {{"transfer_resources_to",
                              "Username that takes over the user's machines, IP addresses "
                              "and ranges."}}))}},
        {"AccountHandler",
         "Manage the current logged-in user.",
         api("account/"),
         false,
         {op("POST", "create_authorisation_token",
             withParams("Create an authorisation OAuth token and consumer.",
                        {{"name", "Name of the token's consumer."}})),
          op("GET", "list_authorisation_tokens", "List the user's authorisation tokens."),
          op("POST", "delete_authorisation_token",
             withParams("Delete an authorisation token.",
                        {{"token_key", "The key of the token to delete."}}))}},
    };
}

/// Region and rack controllers.
std::vector<Resource> controllerResources() {
    return {
        {"RegionControllersHandler",
         "Manage region controllers.",
         api("regioncontrollers/"),
         false,
         {read(withParams("List all region controllers.", kNodeFilters))}},
        {"RegionControllerHandler",
         "Manage an individual region controller.",
         api("regioncontrollers/{system_id}/"),
         false,
         {read("Read a region controller."),
          remove("Delete a region controller that is not running.")}},
        {"RackControllersHandler",
         "Manage rack controllers.",
         api("rackcontrollers/"),
         false,
         {read(withParams("List all rack controllers.", kNodeFilters)),
          {"registration_info", "GET", "registration_info",
           "The URL and shared secret a new rack registers with (admins only)."}}},
        {"RackControllerHandler",
         "Manage an individual rack controller.",
         api("rackcontrollers/{system_id}/"),
         false,
         {read("Read a rack controller."),
          update(withParams("Update a rack controller (admins only).",
                            {{"description", "The description of the rack controller."},
                             {"power_type", "The power type: ipmi, webhook or manual."},
                             {"power_parameters_{param}",
                              "Power parameters of the power type (merged into the current "
                              "ones while the type stays)."}})),
          remove(withParams("Delete a rack controller.",
                            {{"force", "Delete even when it provides DHCP (moves DHCP away)."}}))}},
    };
}

/// Fabrics and their VLANs.
std::vector<Resource> fabricResources() {
    return {
        {"FabricsHandler",
         "Manage fabrics.",
         api("fabrics/"),
         false,
         {read("List all fabrics."),
          create(withParams("Create a fabric.", {{"name", "Name of the fabric."},
                                                 {"description", "Description of the fabric."},
                                                 {"class_type", "Class type of the fabric."}}))}},
        {"FabricHandler",
         "Manage a fabric.",
         api("fabrics/{id}/"),
         false,
         {read("Read a fabric."),
          update(withParams("Update a fabric.", {{"name", "Name of the fabric."},
                                                 {"description", "Description of the fabric."},
                                                 {"class_type", "Class type of the fabric."}})),
          remove("Delete a fabric.")}},
        {"VlansHandler",
         "Manage VLANs on a fabric.",
         api("fabrics/{fabric_id}/vlans/"),
         false,
         {read("List all VLANs of a fabric."),
          create(withParams("Create a VLAN.",
                            {{"vid", "VLAN ID (1-4094)."},
                             {"name", "Name of the VLAN."},
                             {"description", "Description of the VLAN."},
                             {"mtu", "The MTU to use on the VLAN."},
                             {"space", "The space this VLAN should be placed in."}}))}},
        {"VlanHandler",
         "Manage a VLAN on a fabric.",
         api("fabrics/{fabric_id}/vlans/{vid}/"),
         false,
         {read("Read a VLAN."),
          update(withParams("Update a VLAN.",
                            {{"name", "Name of the VLAN."},
                             {"description", "Description of the VLAN."},
                             {"mtu", "The MTU to use on the VLAN."},
                             {"dhcp_on", "Whether or not DHCP should be managed on the VLAN."},
                             {"primary_rack",
                              "The primary rack controller managing the VLAN (system_id or "
                              "hostname)."},
                             {"secondary_rack", "The secondary rack controller managing the VLAN."},
                             {"relay_vlan", "Relay VLAN ID."},
                             {"space", "The space this VLAN should be placed in."}})),
          remove("Delete a VLAN.")}},
        {"VlanByIdHandler",
         "A VLAN by its id (the resource_uri of VLAN objects).",
         api("vlans/{vlan_id}/"),
         false,
         {read("Read a VLAN.")},
         true},
    };
}

/// Subnets, IP ranges and addresses.
std::vector<Resource> subnetResources() {
    return {
        {"SubnetsHandler",
         "Manage subnets.",
         api("subnets/"),
         false,
         {read("List all subnets."), create(withParams("Create a subnet.", kSubnetParams))}},
        {"SubnetHandler",
         "Manage a subnet.",
         api("subnets/{id}/"),
         false,
         {read("Read a subnet."), update(withParams("Update a subnet.", kSubnetParams)),
          remove("Delete a subnet."),
          op("GET", "ip_addresses",
             "Addresses in use on this subnet; DHCP leases have alloc_type_name \"DHCP\"."),
          op("GET", "statistics",
             withParams("Statistics about the subnet's address usage.",
                        {{"include_ranges", "Include the used and unused ranges (true/false)."}})),
          op("GET", "reserved_ip_ranges",
             "Ranges of this subnet that are in use, each with its purposes."),
          op("GET", "unreserved_ip_ranges", "Ranges of this subnet that are free.")}},
        {"IPRangesHandler",
         "Manage IP ranges.",
         api("ipranges/"),
         false,
         {read("List all IP ranges."), create(withParams("Create an IP range.", kRangeParams))}},
        {"IPRangeHandler",
         "Manage an IP range.",
         api("ipranges/{id}/"),
         false,
         {read("Read an IP range."), update(withParams("Update an IP range.", kRangeParams)),
          remove("Delete an IP range.")}},
        {"IPAddressesHandler",
         "Manage IP addresses allocated by MAAS.",
         api("ipaddresses/"),
         false,
         {read(withParams(
              "List the IP addresses the user reserved; admins list every address with all=true "
              "(links, reservations and DHCP leases).",
              {{"ip", "Only this IP address."},
               {"all", "(Admins) every address, not only the caller's reserved ones."},
               {"owner", "(Admins) only addresses reserved by this username."}})),
          op("POST", "reserve",
             withParams("Reserve an IP address for use outside of MAAS.",
                        {{"subnet", "Subnet (CIDR, id or name) to reserve an address on."},
                         {"ip", "The IP address to reserve, within a known subnet."},
                         {"ip_address", "(Deprecated) alias for ip."},
                         {"hostname", "The hostname for the address."},
                         {"mac", "The MAC address the reservation is for."}})),
          op("POST", "release",
             withParams("Release an IP address the user reserved.",
                        {{"ip", "The IP address to release."},
                         {"force", "(Admins) release any address that is not discovered."},
                         {"discovered", "(Admins, with force) release a discovered address."}}))}},
    };
}

/// The event log and notifications.
std::vector<Resource> eventResources() {
    return {
        {"EventsHandler",
         "Retrieve filtered node events.",
         api("events/"),
         false,
         {op("GET", "query",
             withParams("List events, newest first, optionally filtered.",
                        {{"hostname", "Only events of the node with this hostname (repeatable)."},
                         {"mac_address", "Only events of nodes with this MAC (repeatable)."},
                         {"id", "Only events of the node with this system_id (repeatable)."},
                         {"zone", "Only events of nodes in this zone."},
                         {"agent_name", "Only events of nodes with this agent name."},
                         {"level",
                          "Minimum level: AUDIT (audit records only), DEBUG, INFO "
                          "(default), WARNING, ERROR or CRITICAL."},
                         {"limit", "Number of events to return (default 100, at most 1000)."},
                         {"before", "Only events older than this event id."},
                         {"after", "Only events newer than this event id."},
                         {"owner", "Only events of this username."}}))}},
        {"NotificationsHandler",
         "Manage the collection of all the notifications in MAAS.",
         api("notifications/"),
         false,
         {read("List notifications relevant to the invoking user (not dismissed)."),
          create(withParams("Create a notification (admins only).", kNotificationParams))}},
        {"NotificationHandler",
         "Manage an individual notification.",
         api("notifications/{id}/"),
         false,
         {read("Read a notification."),
          update(withParams("Update a notification (admins only).", kNotificationParams)),
          remove("Delete a notification (admins only)."),
          op("POST", "dismiss", "Dismiss a notification for the invoking user; safe to repeat.")}},
    };
}

/// Nodes, their interfaces, and machines.
std::vector<Resource> nodeResources() {
    return {
        {"NodesHandler",
         "Manage the collection of all the nodes in the MAAS.",
         api("nodes/"),
         false,
         {read(withParams("List nodes.", kNodeFilters))}},
        {"InterfacesHandler",
         "Manage interfaces on a node.",
         api("nodes/{system_id}/interfaces/"),
         false,
         {read("List all interfaces belonging to a machine, device, or rack controller.")}},
        {"InterfaceHandler",
         "Manage a node's or device's interface.",
         api("nodes/{system_id}/interfaces/{id}/"),
         false,
         {read("Read an interface."),
          update(withParams("Update an interface.",
                            {{"vlan",
                              "VLAN (id) the interface is connected to; kept across "
                              "the rack's interface reports."}})),
          op("POST", "link_subnet",
             withParams("Link interface to a subnet (machines and devices; MAAS refuses "
                        "controllers, whose links are what their racks report).",
                        {{"mode", "AUTO, DHCP, STATIC or LINK_UP connection to subnet."},
                         {"subnet", "Subnet (id, CIDR or name) linked to the interface."},
                         {"ip_address",
                          "IP address for the interface in subnet (STATIC only; the next free "
                          "address when omitted)."},
                         {"force",
                          "Allow LINK_UP over other links and any VLAN's subnet; deletes every "
                          "other link of the interface."}})),
          op("POST", "unlink_subnet",
             withParams("Unlink interface from a subnet.",
                        {{"id", "ID of the subnet link on the interface to remove."}}))}},
        {"MachinesHandler",
         "Manage the collection of all the machines in the MAAS.",
         api("machines/"),
         false,
         {read(withParams("List machines.", kMachineFilters)),
          create(
              withParams("Create a machine.",
                         {{"architecture", "The architecture of the machine, e.g. amd64/generic."},
                          {"mac_addresses", "One or more MAC addresses for the machine."},
                          {"hostname", "A hostname (generated when omitted)."},
                          {"description", "A description of the machine."},
                          {"power_type", "The power type: ipmi, webhook or manual."},
                          {"power_parameters_{param}",
                           "Power parameters of the power type, e.g. "
                           "power_parameters_power_address."}}))}},
        {"MachineHandler",
         "Manage an individual machine.",
         api("machines/{system_id}/"),
         false,
         {read("Read a machine."),
          update(withParams(
              "Update a machine (admins only).",
              {{"hostname", "The new hostname."},
               {"description", "The description of the machine."},
               {"power_type", "The power type: ipmi, webhook or manual."},
               {"power_parameters_{param}",
                "Power parameters of the power type (merged into the current ones while the "
                "type stays). IPMI: power_address, power_user, power_pass, k_g, power_driver "
                "(LAN, LAN_2_0), power_boot_type (auto, legacy, efi), cipher_suite_id, "
                "privilege_level (USER, OPERATOR, ADMIN), workaround_flags (repeatable), "
                "power_off_mode (soft, hard), power_port, mac_address."}})),
          remove("Delete a machine."), op("GET", "power_parameters", "Obtain power parameters."),
          op("POST", "power_on", "Power on a machine through the rack that manages its BMC."),
          op("POST", "power_off", "Power off a machine through the rack that manages its BMC."),
          op("GET", "query_power_state", "Query the power state of a machine from its BMC.")}},
    };
}

}  // namespace

const std::vector<Resource>& apiResources() {
    // Order matters: matchRoute takes the first path that matches.
    static const std::vector<Resource> table = [] {
        std::vector<Resource> all;
        for (auto group : {accountResources(), controllerResources(), fabricResources(),
                           subnetResources(), eventResources(), nodeResources()})
            all.insert(all.end(), std::make_move_iterator(group.begin()),
                       std::make_move_iterator(group.end()));
        return all;
    }();
    return table;
}

}  // namespace maas::region::api
