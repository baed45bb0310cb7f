#pragma once

#include <optional>
#include <string>
#include <vector>

#include "maas/region/api/models.h"
#include "maas/region/db/pg.h"
#include "maas/region/net/ranges.h"

namespace maas::region::store {

/// Fabrics, VLANs, subnets and IP ranges. Updates write whole rows the caller has validated.
class NetworkStore {
  public:
    explicit NetworkStore(db::Connection& conn) : conn_(conn) {}

    std::vector<api::Fabric> fabrics();
    std::optional<api::Fabric> fabric(int64_t id);
    /// Creates the fabric and its untagged VLAN; an empty name becomes "fabric-<id>".
    int64_t insertFabric(const api::Fabric& fabric);
    void updateFabric(const api::Fabric& fabric);
    void deleteFabric(int64_t id);
    int64_t defaultFabricId();

    std::vector<api::Vlan> vlans(std::optional<int64_t> fabric_id);
    std::optional<api::Vlan> vlan(int64_t fabric_id, int vid);
    std::optional<api::Vlan> vlanById(int64_t id);
    int64_t insertVlan(const api::Vlan& vlan);
    /// Rack fields are system_ids (resolved here).
    void updateVlan(const api::Vlan& vlan);
    void deleteVlan(int64_t id);

    std::vector<api::Subnet> subnets();
    std::optional<api::Subnet> subnet(int64_t id);
    std::vector<std::string> subnetCidrsOnVlan(int64_t vlan_id);
    std::vector<std::string> subnetCidrsOnFabric(int64_t fabric_id);
    /// The subnet whose CIDR equals cidr (text as PostgreSQL prints it), if any.
    std::optional<int64_t> subnetIdByCidr(const std::string& cidr, int64_t except_id = 0);
    /// A subnet as MAAS's specifiers name it: an id, a CIDR (host bits allowed), a name, or
    /// "id:", "cidr:", "name:" prefixed.
    std::optional<int64_t> subnetIdBySpecifier(const std::string& specifier);
    /// A fabric by id or name.
    std::optional<api::Fabric> fabricBySpecifier(const std::string& specifier);
    int64_t insertSubnet(const api::Subnet& subnet);
    void updateSubnet(const api::Subnet& subnet);
    void deleteSubnet(int64_t id);

    std::vector<api::IpRange> ipRanges();
    std::optional<api::IpRange> ipRange(int64_t id);
    /// Ranges of a subnet, locked FOR UPDATE so concurrent creations cannot both pass the
    /// overlap check.
    std::vector<net::ExistingRange> rangesOfSubnetForUpdate(int64_t subnet_id);
    bool hasDynamicRange(int64_t vlan_id);
    /// Addresses a dynamic range must leave out: the subnet's gateway and DNS servers and
    /// every interface address linked to it (controllers' own included).
    std::vector<net::IpAddress> addressesInUse(int64_t subnet_id);
    int64_t insertIpRange(const api::IpRange& range, std::optional<int64_t> user_id);
    void updateIpRange(const api::IpRange& range);
    void deleteIpRange(int64_t id);

  private:
    db::Connection& conn_;
};

}  // namespace maas::region::store
