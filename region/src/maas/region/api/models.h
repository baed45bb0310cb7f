#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace maas::region::api {

/// Plain rows as the stores read them; shapes.h turns them into MAAS JSON.
struct Vlan {
    int64_t id = 0;
    int64_t fabric_id = 0;
    std::string fabric_name;
    int vid = 0;
    std::optional<std::string> name;
    std::string description;
    int mtu = 1500;
    bool dhcp_on = false;
    std::optional<std::string> external_dhcp;
    std::optional<std::string> primary_rack;    ///< system_id
    std::optional<std::string> secondary_rack;  ///< system_id
    std::optional<int64_t> relay_vlan_id;
    std::optional<std::string> space;
};

struct Fabric {
    int64_t id = 0;
    std::string name;
    std::string description;
    std::optional<std::string> class_type;
    std::vector<Vlan> vlans;
};

struct Subnet {
    int64_t id = 0;
    std::string name;
    std::string description;
    Vlan vlan;
    std::string cidr;
    std::optional<std::string> gateway_ip;
    std::vector<std::string> dns_servers;
    bool managed = true;
    bool allow_dns = true;
    bool allow_proxy = true;
    bool active_discovery = false;
    int rdns_mode = 2;
};

struct IpRange {
    int64_t id = 0;
    std::string type;
    std::string start_ip;
    std::string end_ip;
    std::string comment;
    std::optional<std::string> user;  ///< username
    Subnet subnet;
};

struct InterfaceLink {
    int64_t id = 0;
    std::string mode;
    std::string ip_address;
    std::optional<Subnet> subnet;
};

struct Interface {
    int64_t id = 0;
    std::string name;
    std::string type;
    std::optional<std::string> mac_address;
    bool enabled = true;
    std::optional<Vlan> vlan;
    std::vector<InterfaceLink> links;
    std::vector<std::string> parents;  ///< names of the node's interfaces under this one
    std::vector<std::string> children;
};

struct Service {
    std::string name;
    std::string status;
    std::string status_info;
};

enum NodeType {
    kMachine = 0,
    kDevice = 1,
    kRackController = 2,
    kRegionController = 3,
    kRegionAndRackController = 4
};

/// A rack controller as other objects point at it.
struct RackRef {
    std::string system_id;
    std::string hostname;
};

/// A machine's zone or resource pool (MAAS's Zone and ResourcePool: id, name, description).
struct NamedGroup {
    int64_t id = 0;
    std::string name;
    std::string description;
};

/// MAAS's defaults: zone 1 "default", resource pool 0 "default".
NamedGroup defaultZone();
NamedGroup defaultPool();

struct Node {
    int64_t id = 0;
    std::string system_id;
    std::string hostname;
    int node_type = kMachine;
    int status = 0;
    std::string version;
    std::string version_warning;  ///< controllers: the region's warning at registration
    std::string architecture;
    std::string description;
    std::string power_type;
    std::string power_state;
    std::string power_parameters_json = "{}";
    std::optional<RackRef> power_rack;  ///< the live rack owning its BMC (machines)
    std::optional<std::string> owner;
    std::optional<std::string> last_seen;  ///< controllers: ISO 8601 UTC of the last heartbeat
    std::vector<Interface> interfaces;
    std::vector<Service> services;
    int cpu_count = 0;
    int64_t memory = 0;  ///< MiB
    NamedGroup zone = defaultZone();
    NamedGroup pool = defaultPool();
    std::vector<std::string> tag_names;
};

struct User {
    int64_t id = 0;
    std::string username;
    std::string email;
    bool is_superuser = false;
};

/// An address a user reserved for use outside MAAS (MAAS's USER_RESERVED StaticIPAddress).
struct IpReservation {
    int64_t id = 0;
    std::string ip;
    int64_t subnet_id = 0;
    User owner;
    std::string hostname;
    std::optional<std::string> mac_address;
    std::string created;
};

/// An interface link holding an address (MAAS's STICKY StaticIPAddress), for `all=true`.
struct LinkedAddress {
    std::string ip;
    std::optional<int64_t> subnet_id;
    std::string system_id;
    int64_t interface_id = 0;
};

/// What a region worker advertises about itself.
struct ProcessEndpoint {
    std::string hostname;
    int pid = 0;
    int worker_index = 0;
    std::string http_address;
    int http_port = 0;
    std::string rpc_address;
    int rpc_port = 0;
    int num_workers = 1;  ///< how many workers its region runs (regiond.conf)
};

}  // namespace maas::region::api
