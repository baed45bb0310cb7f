#include "maas/region/api/routes.h"

namespace maas::region::api {

std::vector<std::string> Resource::params() const {
    std::vector<std::string> out;
    size_t pos = 0;
    while ((pos = path.find('{', pos)) != std::string::npos) {
        const size_t close = path.find('}', pos);
        out.push_back(path.substr(pos + 1, close - pos - 1));
        pos = close;
    }
    return out;
}

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

std::string api(const std::string& tail) {
    return std::string(kApiPrefix) + tail;
}

}  // namespace

const std::vector<Resource>& apiResources() {
    static const std::vector<Resource> table{
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
          create("Create a user (username, email, password, is_superuser; admins only).")}},
        {"RegionControllersHandler",
         "Manage region controllers.",
         api("regioncontrollers/"),
         false,
         {read("List all region controllers.")}},
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
         {read("List all rack controllers."),
          {"registration_info", "GET", "registration_info",
           "The URL and shared secret a new rack registers with (admins only)."}}},
        {"RackControllerHandler",
         "Manage an individual rack controller.",
         api("rackcontrollers/{system_id}/"),
         false,
         {read("Read a rack controller."), remove("Delete a rack controller.")}},
        {"FabricsHandler",
         "Manage fabrics.",
         api("fabrics/"),
         false,
         {read("List all fabrics."), create("Create a fabric (name, description, class_type).")}},
        {"FabricHandler",
         "Manage a fabric.",
         api("fabrics/{id}/"),
         false,
         {read("Read a fabric."), update("Update a fabric."), remove("Delete a fabric.")}},
        {"VlansHandler",
         "Manage VLANs on a fabric.",
         api("fabrics/{fabric_id}/vlans/"),
         false,
         {read("List all VLANs of a fabric."),
          create("Create a VLAN (vid, name, description, mtu, space).")}},
        {"VlanHandler",
         "Manage a VLAN on a fabric.",
         api("fabrics/{fabric_id}/vlans/{vid}/"),
         false,
         {read("Read a VLAN."),
          update("Update a VLAN (name, description, mtu, dhcp_on, primary_rack, "
                 "secondary_rack, relay_vlan, space)."),
          remove("Delete a VLAN.")}},
        {"VlanByIdHandler",
         "A VLAN by its id (the resource_uri of VLAN objects).",
         api("vlans/{vlan_id}/"),
         false,
         {read("Read a VLAN.")},
         true},
        {"SubnetsHandler",
         "Manage subnets.",
         api("subnets/"),
         false,
         {read("List all subnets."),
          create("Create a subnet (cidr, name, description, vlan or fabric+vid, gateway_ip, "
                 "dns_servers, managed).")}},
        {"SubnetHandler",
         "Manage a subnet.",
         api("subnets/{id}/"),
         false,
         {read("Read a subnet."), update("Update a subnet."), remove("Delete a subnet."),
          op("GET", "ip_addresses",
             "Addresses in use on this subnet; DHCP leases have alloc_type_name \"DHCP\".")}},
        {"IPRangesHandler",
         "Manage IP ranges.",
         api("ipranges/"),
         false,
         {read("List all IP ranges."),
          create("Create an IP range (type, start_ip, end_ip, subnet, comment).")}},
        {"IPRangeHandler",
         "Manage an IP range.",
         api("ipranges/{id}/"),
         false,
         {read("Read an IP range."), update("Update an IP range."), remove("Delete an IP range.")}},
        {"IPAddressesHandler",
         "IP addresses: the current DHCP leases the racks reported (alloc_type 5, \"DHCP\").",
         api("ipaddresses/"),
         false,
         {read("List IP addresses.")}},
        {"MachinesHandler",
         "Manage the collection of all the machines in the MAAS.",
         api("machines/"),
         false,
         {read("List machines."),
          create("Create a machine (architecture, mac_addresses, hostname, power_type, "
                 "power_parameters_*).")}},
        {"MachineHandler",
         "Manage an individual machine.",
         api("machines/{system_id}/"),
         false,
         {read("Read a machine."), remove("Delete a machine."),
          op("GET", "power_parameters", "Obtain power parameters."),
          op("POST", "power_on", "Power on a machine through the rack that manages its BMC."),
          op("POST", "power_off", "Power off a machine through the rack that manages its BMC."),
          op("GET", "query_power_state", "Query the power state of a machine from its BMC.")}},
    };
    return table;
}

std::optional<RouteMatch> matchRoute(const std::vector<Resource>& table, std::string_view path) {
    for (const auto& resource : table) {
        std::string_view pattern = resource.path;
        std::string_view rest = path;
        RouteMatch match{&resource, {}};
        bool ok = true;
        while (!pattern.empty() && ok) {
            const size_t brace = pattern.find('{');
            const auto literal = pattern.substr(0, brace);
            if (rest.substr(0, literal.size()) != literal) {
                ok = false;
                break;
            }
            rest.remove_prefix(literal.size());
            pattern.remove_prefix(literal.size());
            if (brace == std::string_view::npos)
                break;
            const size_t close = pattern.find('}');
            const auto name = pattern.substr(1, close - 1);
            pattern.remove_prefix(close + 1);
            const size_t slash = rest.find('/');
            const auto value = rest.substr(0, slash);
            if (value.empty() || slash == std::string_view::npos) {
                ok = false;
                break;
            }
            match.params[std::string(name)] = std::string(value);
            rest.remove_prefix(value.size());
        }
        if (ok && rest.empty() && pattern.empty())
            return match;
    }
    return std::nullopt;
}

ActionChoice chooseAction(const Resource& resource, std::string_view method,
                          const std::optional<std::string>& op) {
    // HEAD is answered like GET, as Django does.
    const std::string_view effective = method == "HEAD" ? std::string_view("GET") : method;
    for (const auto& action : resource.actions)
        if (action.method == effective && action.op == op)
            return {&action, 200, {}};
    if (op)
        return {nullptr, 400,
                "Unrecognised signature: method=" + std::string(method) + " op=" + *op};
    return {nullptr, 405, "Method not allowed"};
}

}  // namespace maas::region::api
