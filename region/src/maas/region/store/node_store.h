#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "maas/region/api/models.h"
#include "maas/region/db/pg.h"
#include "maas/region/store/node_list.h"
#include "maas/region/store/node_query.h"

namespace maas::region::store {

/// Node types a controller collection includes (MAAS lists region+rack in both).
inline const std::set<int> kRackTypes{api::kRackController, api::kRegionAndRackController};
inline const std::set<int> kRegionTypes{api::kRegionController, api::kRegionAndRackController};
inline const std::set<int> kMachineTypes{api::kMachine};
inline const std::set<int> kAllTypes{api::kMachine, api::kDevice, api::kRackController,
                                     api::kRegionController, api::kRegionAndRackController};

/// Node types as a PostgreSQL array literal ("{2,4}").
std::string typeList(const std::set<int>& types);

/// A controller's last_seen as the lists render it (ISO 8601 UTC, seconds; NULL for a
/// machine), an SQL expression over `nodes n`.
const std::string& controllerLastSeenSql();

/// A new system_id: 6 characters MAAS-style (lowercase letters and digits, no look-alikes).
std::string generateSystemId();

/// One page of a list read and how many nodes match in all.
struct NodePage {
    std::vector<api::Node> nodes;
    int64_t total = 0;
};

/// What deciding a machine's BMC owner needs.
struct PowerRow {
    std::string system_id;
    std::string power_type;
    std::string power_parameters_json;
};

/// Controllers and machines with their interfaces, addresses and services.
class NodeStore {
  public:
    explicit NodeStore(db::Connection& conn) : conn_(conn) {}

    std::vector<api::Node> list(const std::set<int>& types);
    /// Filtered, ordered and sliced in SQL: one statement for the nodes and all their children.
    NodePage query(const NodeQuery& query);
    std::optional<api::Node> find(const std::string& system_id, const std::set<int>& types);
    /// The power settings of every node the query matches (its order and slice ignored).
    std::vector<PowerRow> powerRows(const NodeQuery& query);
    /// The system_id of the rack controller with this system_id or hostname.
    std::optional<std::string> rackSystemId(const std::string& id_or_hostname);

    void deleteNode(int64_t id);
    /// Writes hostname, description, power type and power parameters of a validated node.
    void updateNode(const api::Node& node);
    /// An operator's VLAN for an interface: kept across rack interface reports (pinned).
    bool setInterfaceVlan(int64_t node_id, int64_t interface_id, int64_t vlan_id);
    void setNodeType(int64_t id, int node_type);
    /// The rack part of a region+rack: its rack connections and rackd/dhcpd services.
    void removeRackRole(int64_t id);
    /// NOTIFY maas_rack_deleted with the system_id (at commit): its workers send StopRack.
    void announceRackDeleted(const std::string& system_id);
    /// Removes a (dead) region's worker rows; their rack connections go with them.
    void removeRegionProcesses(int64_t id);
    /// NOTIFY maas_regions_changed (at commit): workers tell their racks to rediscover.
    void announceRegionsChanged();
    /// True while a region worker of this node has a fresh heartbeat.
    bool regionRunning(int64_t node_id, int stale_seconds);

    /// Inserts a machine with one physical interface per MAC (eth0, eth1, ...). Returns the
    /// system_id. MAC conflicts raise PgError (unique violation) for the caller to report.
    std::string insertMachine(const api::Node& node, const std::vector<std::string>& macs);
    bool hostnameTaken(const std::string& hostname);
    std::vector<std::string> macsInUse(const std::vector<std::string>& macs);

  private:
    /// One statement, prepared once per connection and list shape (store/node_list.h).
    NodeListRows load(const std::string& where, db::Params params, bool few,
                      const std::string& order_by = "ORDER BY n.hostname",
                      std::optional<int64_t> limit = std::nullopt, int64_t offset = 0);
    db::Connection& conn_;
};

}  // namespace maas::region::store
