#include "maas/region/store/node_store.h"

#include "maas/common/secret.h"
#include "maas/region/store/node_list.h"
#include "maas/region/store/params.h"
#include "maas/region/store/rows.h"

namespace maas::region::store {

std::string generateSystemId() {
    static const char* kAlphabet = "abcdefghjkmnpqrstwxy3468";  // 24 symbols, no look-alikes
    std::string out;
    for (uint8_t b : randomBytes(6))
        out.push_back(kAlphabet[b % 24]);  // 256 % 24 bias is negligible for an identifier
    return out;
}

namespace {

const std::string kNodesFrom = std::string("FROM nodes n ") + kNodeJoins;
/// A page up to this size counts as a few nodes (store/node_list.h).
constexpr int64_t kFewNodes = 500;

}  // namespace

std::string typeList(const std::set<int>& types) {
    std::string out = "{";
    for (int t : types)
        out += (out.size() > 1 ? "," : "") + std::to_string(t);
    return out + "}";
}

// A controller's latest heartbeat: its live rows (rack connections, region processes), else the
// one kept when the last of them went (migration 0045). ISO 8601 in UTC.
const std::string& controllerLastSeenSql() {
    static const std::string sql =
        "CASE WHEN n.node_type <> 0 THEN to_char(GREATEST(n.last_seen,"
        " (SELECT max(c.heartbeat) FROM rack_connections c WHERE c.rack_node_id = n.id),"
        " (SELECT max(p.heartbeat) FROM region_processes p WHERE p.node_id = n.id))"
        " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') END";
    return sql;
}

NodeListRows NodeStore::load(const std::string& where, db::Params params, bool few,
                             const std::string& order_by, std::optional<int64_t> limit,
                             int64_t offset) {
    // No slice, no slice parameters: a shape with no parameter at all (the controller lists)
    // gets PostgreSQL's generic plan, planned once per connection, not at every execution.
    const bool sliced = limit || offset > 0;
    const auto sql = nodeListSql(where, order_by, params.size(), few, sliced);
    const auto name = nodeListStatementName(sql);
    if (sliced) {
        params.emplace_back(limit ? std::optional<std::string>(num(*limit)) : std::nullopt);
        params.emplace_back(num(offset));
    }
    return decodeNodeList(conn_.exec(db::Statement{name.c_str(), sql.c_str()}, params));
}

std::vector<api::Node> NodeStore::list(const std::set<int>& types) {
    // Controllers are few; machines and devices may be thousands.
    const bool few = !types.contains(api::kMachine) && !types.contains(api::kDevice);
    // The types as a literal (our own integers): the statement takes no parameter.
    return load("WHERE n.node_type = ANY('" + typeList(types) + "'::smallint[])", {}, few).nodes;
}

NodePage NodeStore::query(const NodeQuery& query) {
    const auto sql = nodeFilterSql(query);
    const bool few = !query.hostnames.empty() || !query.system_ids.empty() ||
                     (query.limit && *query.limit <= kFewNodes);
    auto rows = load(sql.where, sql.params, few, sql.order_by, query.limit, query.offset);
    NodePage page;
    page.nodes = std::move(rows.nodes);
    // The count rides on the node rows; an empty slice has none to carry it.
    const bool sliced = query.limit || query.offset > 0;
    if (rows.total)
        page.total = *rows.total;
    else if (sliced)
        page.total =
            conn_.exec("SELECT count(*) " + kNodesFrom + sql.where, sql.params).integer(0, 0);
    return page;
}

std::optional<api::Node> NodeStore::find(const std::string& system_id, const std::set<int>& types) {
    auto found = load("WHERE n.system_id = $1 AND n.node_type = ANY($2::smallint[])",
                      {system_id, typeList(types)}, true)
                     .nodes;
    if (found.empty())
        return std::nullopt;
    return found.front();
}

std::vector<PowerRow> NodeStore::powerRows(const NodeQuery& query) {
    const auto sql = nodeFilterSql(query);
    const auto r = conn_.exec(
        "SELECT n.system_id, n.power_type, n.power_parameters::text " + kNodesFrom + sql.where,
        sql.params);
    std::vector<PowerRow> rows;
    rows.reserve(static_cast<size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i)
        rows.push_back({r.text(i, 0), r.text(i, 1), r.text(i, 2)});
    return rows;
}

std::optional<std::string> NodeStore::rackSystemId(const std::string& id_or_hostname) {
    static const db::Statement kRack{
        "node_rack_system_id",
        "SELECT system_id FROM nodes WHERE node_type = ANY($2::smallint[]) AND"
        " (system_id = $1 OR hostname = $1) ORDER BY system_id = $1 DESC LIMIT 1"};
    const auto r = conn_.exec(kRack, {id_or_hostname, typeList(kRackTypes)});
    if (r.rows() == 0)
        return std::nullopt;
    return r.text(0, 0);
}

void NodeStore::deleteNode(int64_t id) {
    static const db::Statement kDelete{"node_delete", "DELETE FROM nodes WHERE id = $1"};
    conn_.exec(kDelete, {num(id)});
}

void NodeStore::updateNode(const api::Node& node) {
    static const db::Statement kUpdate{
        "node_update",
        "UPDATE nodes SET hostname = $2, description = $3, power_type = $4,"
        " power_parameters = $5::jsonb, updated = now() WHERE id = $1"};
    conn_.exec(kUpdate, {num(node.id), node.hostname, node.description, node.power_type,
                         node.power_parameters_json});
}

void NodeStore::removeRegionProcesses(int64_t id) {
    static const db::Statement kRemove{"node_remove_region_processes",
                                       "DELETE FROM region_processes WHERE node_id = $1"};
    // The region's status row goes with its role (a region+rack stays as a rack).
    static const db::Statement kService{
        "node_remove_region_service",
        "DELETE FROM services WHERE node_id = $1 AND name = 'regiond'"};
    conn_.exec(kRemove, {num(id)});
    conn_.exec(kService, {num(id)});
}

void NodeStore::removeRackRole(int64_t id) {
    static const db::Statement kConnections{"node_remove_rack_connections",
                                            "DELETE FROM rack_connections WHERE rack_node_id = $1"};
    static const db::Statement kServices{
        "node_remove_rack_services",
        "DELETE FROM services WHERE node_id = $1 AND name IN ('rackd', 'dhcpd')"};
    conn_.exec(kConnections, {num(id)});
    conn_.exec(kServices, {num(id)});
}

void NodeStore::announceRackDeleted(const std::string& system_id) {
    static const db::Statement kNotify{"node_rack_deleted",
                                       "SELECT pg_notify('maas_rack_deleted', $1)"};
    conn_.exec(kNotify, {system_id});
}

void NodeStore::announceRegionsChanged() {
    // Delivered at COMMIT, to every worker's LISTEN session (worker.cpp).
    static const db::Statement kNotify{"node_regions_changed",
                                       "SELECT pg_notify('maas_regions_changed', '')"};
    conn_.exec(kNotify, {});
}

void NodeStore::setNodeType(int64_t id, int node_type) {
    static const db::Statement kSetType{
        "node_set_type", "UPDATE nodes SET node_type = $2, updated = now() WHERE id = $1"};
    conn_.exec(kSetType, {num(id), num(node_type)});
}

bool NodeStore::regionRunning(int64_t node_id, int stale_seconds) {
    static const db::Statement kRunning{
        "region_running",
        "SELECT EXISTS (SELECT 1 FROM region_processes WHERE node_id = $1 "
        "AND heartbeat > now() - make_interval(secs => $2::int))"};
    return conn_.exec(kRunning, {num(node_id), num(stale_seconds)}).boolean(0, 0);
}

bool NodeStore::hostnameTaken(const std::string& hostname) {
    static const db::Statement kTaken{"node_hostname_taken",
                                      "SELECT EXISTS (SELECT 1 FROM nodes WHERE hostname = $1)"};
    return conn_.exec(kTaken, {hostname}).boolean(0, 0);
}

std::vector<std::string> NodeStore::macsInUse(const std::vector<std::string>& macs) {
    static const db::Statement kMacs{"macs_in_use",
                                     "SELECT mac_address FROM interfaces WHERE type = 'physical' "
                                     "AND mac_address = ANY($1::text[]) ORDER BY mac_address"};
    std::string list = "{";
    for (const auto& m : macs)
        list += (list.size() > 1 ? "," : "") + m;  // validated MACs: no quoting needed
    list += "}";
    const auto r = conn_.exec(kMacs, {list});
    std::vector<std::string> out;
    for (int i = 0; i < r.rows(); ++i)
        out.push_back(r.text(i, 0));
    return out;
}

std::string NodeStore::insertMachine(const api::Node& node, const std::vector<std::string>& macs) {
    static const db::Statement kInsert{
        "machine_insert",
        "INSERT INTO nodes (system_id, hostname, node_type, status, architecture, description, "
        "power_type, power_parameters, owner_id) "
        "VALUES ($1, coalesce(nullif($2, ''), 'machine-' || $1), 0, 0, $3, $4, $5, $6::jsonb, "
        "(SELECT id FROM users WHERE username = $7)) RETURNING id"};
    static const db::Statement kIface{
        "machine_iface",
        "INSERT INTO interfaces (node_id, name, type, mac_address) VALUES ($1, $2, 'physical', "
        "$3)"};
    const std::string system_id = generateSystemId();
    const auto r =
        conn_.exec(kInsert, {system_id, node.hostname, node.architecture, node.description,
                             node.power_type, node.power_parameters_json, node.owner});
    const int64_t id = r.integer(0, 0);
    for (size_t i = 0; i < macs.size(); ++i)
        conn_.exec(kIface, {num(id), "eth" + std::to_string(i), macs[i]});
    return system_id;
}

}  // namespace maas::region::store

namespace maas::region::store {

bool NodeStore::setInterfaceVlan(int64_t node_id, int64_t interface_id, int64_t vlan_id) {
    static const db::Statement kPin{
        "interface_pin_vlan",
        "UPDATE interfaces SET vlan_id = $3, vlan_pinned = true WHERE id = $2 AND node_id = $1"};
    return conn_.exec(kPin, {num(node_id), num(interface_id), num(vlan_id)}).affected() > 0;
}

}  // namespace maas::region::store
