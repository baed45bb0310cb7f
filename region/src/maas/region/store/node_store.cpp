#include "maas/region/store/node_store.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <map>

#include "maas/common/secret.h"
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

std::vector<std::string> jsonStrings(const std::string& text) {
    std::vector<std::string> out;
    const auto array = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Array::Ptr>();
    for (size_t i = 0; array && i < array->size(); ++i)
        out.push_back(array->getElement<std::string>(static_cast<unsigned>(i)));
    return out;
}

/// Children are the interfaces that name this one as a parent.
void fillChildren(api::Node& node) {
    for (const auto& child : node.interfaces)
        for (const auto& parent : child.parents)
            for (auto& candidate : node.interfaces)
                if (candidate.name == parent)
                    candidate.children.push_back(child.name);
}

const std::string kNodesFrom =
    "FROM nodes n LEFT JOIN users u ON u.id = n.owner_id JOIN zones z ON z.id = n.zone_id "
    "JOIN resource_pools p ON p.id = n.pool_id ";

/// Each list below is read in one query for every node at once (no query per node), keyed by
/// the nodes' ids as a PostgreSQL array literal.
using NodeIndex = std::map<int64_t, size_t>;
using InterfaceIndex = std::map<int64_t, std::pair<size_t, size_t>>;

InterfaceIndex loadInterfaces(db::Connection& conn, const std::string& ids,
                              std::vector<api::Node>& nodes, NodeIndex& index) {
    static const std::string iface_sql =
        std::string("SELECT i.node_id, i.id, i.name, i.type, i.mac_address, i.enabled, ") +
        "array_to_json(i.parents)::text, " + kVlanColumns +
        " FROM interfaces i LEFT JOIN vlans v ON v.id = i.vlan_id "
        "LEFT JOIN fabrics f ON f.id = v.fabric_id "
        "LEFT JOIN nodes pr ON pr.id = v.primary_rack_id "
        "LEFT JOIN nodes sr ON sr.id = v.secondary_rack_id "
        "WHERE i.node_id = ANY($1::bigint[]) ORDER BY i.node_id, i.name";
    static const db::Statement kIfaces{"nodes_interfaces", iface_sql.c_str()};
    const auto ir = conn.exec(kIfaces, {ids});
    InterfaceIndex iface_index;
    for (int i = 0; i < ir.rows(); ++i) {
        api::Interface iface;
        iface.id = ir.integer(i, 1);
        iface.name = ir.text(i, 2);
        iface.type = ir.text(i, 3);
        iface.mac_address = ir.optText(i, 4);
        iface.enabled = ir.boolean(i, 5);
        iface.parents = jsonStrings(ir.text(i, 6));
        if (!ir.isNull(i, 7))
            iface.vlan = readVlan(ir, i, 7);
        auto& node = nodes[index[ir.integer(i, 0)]];
        iface_index[iface.id] = {index[ir.integer(i, 0)], node.interfaces.size()};
        node.interfaces.push_back(std::move(iface));
    }

    return iface_index;
}

void loadLinks(db::Connection& conn, const std::string& ids, std::vector<api::Node>& nodes,
               InterfaceIndex& iface_index) {
    static const std::string link_sql =
        std::string("SELECT a.interface_id, a.id, a.mode, host(a.ip), a.subnet_id IS NOT NULL, ") +
        kSubnetColumns + ", " + kVlanColumns +
        " FROM interface_addresses a JOIN interfaces i ON i.id = a.interface_id "
        "LEFT JOIN subnets s ON s.id = a.subnet_id LEFT JOIN vlans v ON v.id = s.vlan_id "
        "LEFT JOIN fabrics f ON f.id = v.fabric_id "
        "LEFT JOIN nodes pr ON pr.id = v.primary_rack_id "
        "LEFT JOIN nodes sr ON sr.id = v.secondary_rack_id "
        "WHERE i.node_id = ANY($1::bigint[]) ORDER BY a.id";
    static const db::Statement kLinks{"nodes_links", link_sql.c_str()};
    const auto lr = conn.exec(kLinks, {ids});
    for (int i = 0; i < lr.rows(); ++i) {
        api::InterfaceLink link{lr.integer(i, 1), lr.text(i, 2), lr.text(i, 3), std::nullopt};
        if (lr.boolean(i, 4))
            link.subnet = readSubnet(lr, i, 5);
        const auto [n, k] = iface_index[lr.integer(i, 0)];
        nodes[n].interfaces[k].links.push_back(std::move(link));
    }
}

void loadServicesAndTags(db::Connection& conn, const std::string& ids,
                         std::vector<api::Node>& nodes, NodeIndex& index) {
    static const db::Statement kServices{
        "nodes_services",
        "SELECT node_id, name, status, status_info FROM services "
        "WHERE node_id = ANY($1::bigint[]) ORDER BY node_id, name"};
    const auto sr = conn.exec(kServices, {ids});
    for (int i = 0; i < sr.rows(); ++i)
        nodes[index[sr.integer(i, 0)]].services.push_back(
            {sr.text(i, 1), sr.text(i, 2), sr.text(i, 3)});

    static const db::Statement kTags{
        "nodes_tags",
        "SELECT nt.node_id, t.name FROM node_tags nt JOIN tags t ON t.id = nt.tag_id "
        "WHERE nt.node_id = ANY($1::bigint[]) ORDER BY nt.node_id, t.name"};
    const auto tr = conn.exec(kTags, {ids});
    for (int i = 0; i < tr.rows(); ++i)
        nodes[index[tr.integer(i, 0)]].tag_names.push_back(tr.text(i, 1));
}

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

std::vector<api::Node> NodeStore::load(const std::string& where, const db::Params& params,
                                       const std::string& order_and_slice) {
    const std::string node_sql =
        "SELECT n.id, n.system_id, n.hostname, n.node_type, n.status, n.version, "
        "n.architecture, n.description, n.power_type, n.power_state, n.power_parameters::text, "
        "u.username, " +
        controllerLastSeenSql() +
        ", n.version_warning, n.cpu_count, n.memory, z.id, z.name, z.description, p.id, p.name, "
        "p.description " +
        kNodesFrom + where + " " + order_and_slice;
    const auto nr = conn_.exec(node_sql, params);
    std::vector<api::Node> nodes;
    NodeIndex index;
    std::string ids = "{";
    for (int i = 0; i < nr.rows(); ++i) {
        api::Node n;
        n.id = nr.integer(i, 0);
        n.system_id = nr.text(i, 1);
        n.hostname = nr.text(i, 2);
        n.node_type = static_cast<int>(nr.integer(i, 3));
        n.status = static_cast<int>(nr.integer(i, 4));
        n.version = nr.text(i, 5);
        n.architecture = nr.text(i, 6);
        n.description = nr.text(i, 7);
        n.power_type = nr.text(i, 8);
        n.power_state = nr.text(i, 9);
        n.power_parameters_json = nr.text(i, 10);
        n.owner = nr.optText(i, 11);
        n.last_seen = nr.optText(i, 12);
        n.version_warning = nr.text(i, 13);
        n.cpu_count = static_cast<int>(nr.integer(i, 14));
        n.memory = nr.integer(i, 15);
        n.zone = {nr.integer(i, 16), nr.text(i, 17), nr.text(i, 18)};
        n.pool = {nr.integer(i, 19), nr.text(i, 20), nr.text(i, 21)};
        index[n.id] = nodes.size();
        ids += (ids.size() > 1 ? "," : "") + num(n.id);
        nodes.push_back(std::move(n));
    }
    ids += "}";
    if (nodes.empty())
        return nodes;
    auto iface_index = loadInterfaces(conn_, ids, nodes, index);
    loadLinks(conn_, ids, nodes, iface_index);
    for (auto& node : nodes)
        fillChildren(node);
    loadServicesAndTags(conn_, ids, nodes, index);
    return nodes;
}

std::vector<api::Node> NodeStore::list(const std::set<int>& types) {
    return load("WHERE n.node_type = ANY($1::smallint[])", {typeList(types)});
}

NodePage NodeStore::query(const NodeQuery& query) {
    const auto sql = nodeFilterSql(query);
    NodePage page;
    page.nodes = load(sql.where, sql.params, sql.order_and_slice);
    const bool sliced = query.limit || query.offset > 0;
    page.total =
        sliced ? conn_.exec("SELECT count(*) " + kNodesFrom + sql.where, sql.params).integer(0, 0)
               : static_cast<int64_t>(page.nodes.size());
    return page;
}

std::optional<api::Node> NodeStore::find(const std::string& system_id, const std::set<int>& types) {
    auto found = load("WHERE n.system_id = $1 AND n.node_type = ANY($2::smallint[])",
                      {system_id, typeList(types)});
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
