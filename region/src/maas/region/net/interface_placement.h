#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace maas::region::net {

/// One interface as a rack reports it (addresses as "ip/prefix").
struct ReportedInterface {
    std::string name;
    std::string type = "physical";  ///< physical, vlan, bond, bridge
    std::string mac_address;
    int vid = 0;
    std::vector<std::string> parents;
    std::vector<std::string> addresses;
    bool enabled = true;
};

struct KnownSubnet {
    int64_t id = 0;
    std::string cidr;
    int64_t vlan_id = 0;
    bool has_gateway = false;
};

struct KnownVlan {
    int64_t id = 0;
    int64_t fabric_id = 0;
    int vid = 0;
};

/// An interface of the reporting node as recorded before this report.
struct KnownInterface {
    std::string name;
    std::optional<int64_t> vlan_id;
    bool pinned = false;  ///< an operator chose its VLAN through the API: keep it
};

/// What the placement needs from the database.
struct NetworkSnapshot {
    std::vector<KnownSubnet> subnets;
    std::vector<KnownVlan> vlans;
    int64_t default_fabric_id = 0;
    int64_t default_vlan_id = 0;  ///< fabric-0's untagged VLAN
    /// An interface of another node is on the default VLAN (it is then not free).
    bool default_vlan_in_use = false;
    std::vector<KnownInterface> interfaces;
};

/// Ids in a plan: >= 0 an existing row, < 0 a row the plan creates (its `ref`).
using RowRef = int64_t;

struct NewFabric {
    RowRef ref;
    RowRef untagged_vlan;  ///< the fabric's VID 0, created with it
};
struct NewVlan {
    RowRef ref;
    RowRef fabric;
    int vid;
};
struct NewSubnet {
    RowRef ref;
    std::string cidr;  ///< also its name
    RowRef vlan;
    std::optional<std::string> gateway;
};
struct GatewayUpdate {
    int64_t subnet_id;
    std::string gateway;
};
struct PlannedAddress {
    std::string ip;  ///< with the interface's prefix, e.g. 192.0.2.2/24
    RowRef subnet;
};
struct PlannedInterface {
    ReportedInterface reported;
    std::optional<RowRef> vlan;
    std::vector<PlannedAddress> addresses;
};

/// Everything one report changes, in creation order.
struct InterfacePlan {
    std::vector<NewFabric> fabrics;
    std::vector<NewVlan> vlans;
    std::vector<NewSubnet> subnets;
    std::vector<GatewayUpdate> gateways;
    std::vector<PlannedInterface> interfaces;
};

/// Places a rack's reported interfaces as MAAS does (pure): an address links to the most
/// specific existing subnet holding it (for /32 and /128 host routes) or to the subnet of its
/// CIDR, created named by the CIDR on the interface's VLAN when missing; the interface's VLAN is
/// the VLAN of a known subnet of its addresses, else the one it had, else for a tagged interface
/// VLAN `vid` on its parent's fabric, for a bond or bridge its first parent's, otherwise
/// fabric-0's untagged VLAN while no interface is on it, else a new fabric. An operator's
/// choice (pinned) is kept. Loopback and link-local addresses are ignored. A subnet without
/// a gateway takes a reported default gateway that lies in it. Interfaces are placed after
/// their parents, then by name; interfaces without addresses come last so they never take
/// fabric-0 ahead of one that has addresses.
InterfacePlan planInterfaces(const std::vector<ReportedInterface>& report,
                             const std::vector<std::string>& gateways,
                             const NetworkSnapshot& snapshot);

/// True for addresses discovery ignores: loopback, link-local, unspecified, unparsable.
bool isIgnoredAddress(const std::string& ip_with_prefix);

}  // namespace maas::region::net
