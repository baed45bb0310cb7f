#include "maas/region/store/node_list.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cstdio>
#include <map>

#include "maas/region/store/rows.h"

namespace maas::region::store {

namespace {

// Result columns: 0 kind, 1 the row's position (a node's in the list, counted from the first
// of the whole filtered order; a child's among its parent's children, from 1), then the
// payload (kPayload). The result itself is unordered: a sort of every row, wide as they are,
// spilled to disk and its estimated cost put large lists over PostgreSQL's JIT threshold;
// each position is ranked in SQL over narrow columns (the database's collation decides, as an
// ORDER BY did) and the decoder places rows by it.
enum Kind : int { kNodeRow = 0, kInterfaceRow = 1, kLinkRow = 2, kServiceRow = 3, kTagRow = 4 };
constexpr int kPayload = 2;
constexpr int kPayloadWidth = 29;  // the widest kind, a link: 5 + subnet 11 + VLAN 13

// The shared column blocks of rows.h as text. A boolean cast to text is "true"/"false", where
// libpq's text format (and db::Result::boolean) has "t"/"f": left() keeps the first letter.
const char* kVlanText =
    "v.id::text, v.fabric_id::text, f.name, v.vid::text, v.name, v.description, v.mtu::text, "
    "left(v.dhcp_on::text, 1), v.external_dhcp, pr.system_id, sr.system_id, "
    "v.relay_vlan_id::text, v.space";
const char* kSubnetText =
    "s.id::text, s.name, s.description, s.cidr::text, host(s.gateway_ip), "
    "array_to_string(s.dns_servers, ' '), left(s.managed::text, 1), left(s.allow_dns::text, 1), "
    "left(s.allow_proxy::text, 1), left(s.active_discovery::text, 1), s.rdns_mode::text";
const char* kVlanFrom =
    "LEFT JOIN fabrics f ON f.id = v.fabric_id LEFT JOIN nodes pr ON pr.id = v.primary_rack_id "
    "LEFT JOIN nodes sr ON sr.id = v.secondary_rack_id ";

std::string pad(int used) {
    std::string out;
    for (int i = used; i < kPayloadWidth; ++i)
        out += ", NULL::text";
    return out;
}

// A controller's last_seen as controllerLastSeenSql() renders it, from its live rows joined
// once per list rather than two subqueries per node: the subqueries' estimated cost, counted
// for every machine too, put large lists over PostgreSQL's JIT threshold (100-200 ms of
// compiling per read).
const char* kLastSeenText =
    "CASE WHEN n.node_type <> 0 THEN to_char(GREATEST(n.last_seen, rc.heartbeat, rp.heartbeat)"
    " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') END";
const char* kLastSeenFrom =
    "LEFT JOIN (SELECT rack_node_id, max(heartbeat) AS heartbeat FROM rack_connections"
    " GROUP BY rack_node_id) rc ON rc.rack_node_id = n.id "
    "LEFT JOIN (SELECT node_id, max(heartbeat) AS heartbeat FROM region_processes"
    " GROUP BY node_id) rp ON rp.node_id = n.id ";

std::string nodeBranch() {
    return std::string(
               "SELECT 0 AS kind, sel.ord AS pos, n.id::text, n.system_id, "
               "n.hostname, n.node_type::text, n.status::text, n.version, n.architecture, "
               "n.description, n.power_type, n.power_state, n.power_parameters::text, "
               "u.username, ") +
           kLastSeenText +
           ", n.version_warning, n.cpu_count::text, n.memory::text, z.id::text, z.name, "
           "z.description, p.id::text, p.name, p.description, sel.total::text" +
           pad(23) + " FROM sel JOIN nodes n ON n.id = sel.id " + kNodeJoins + kLastSeenFrom;
}

// Restricts a child table to the selected nodes. For a few nodes, an array of their ids, so
// PostgreSQL probes the child tables' node indexes; for many, a join with the selection, whose
// row estimate leads PostgreSQL to hash joins (probing 10,000 times took twice as long).
std::string ofNodes(const char* column, bool few) {
    return few ? std::string(" WHERE ") + column + " = ANY(ARRAY(SELECT id FROM sel))"
               : std::string(" JOIN sel ON sel.id = ") + column;
}

std::string childBranches(bool few) {
    return std::string(
               " UNION ALL SELECT 1, ir.pos, i.node_id::text, i.id::text, i.name, i.type, "
               "i.mac_address, left(i.enabled::text, 1), array_to_json(i.parents)::text, ") +
           kVlanText + pad(20) +
           " FROM (SELECT i.id, row_number() OVER (PARTITION BY i.node_id ORDER BY i.name) AS pos"
           " FROM interfaces i" +
           ofNodes("i.node_id", few) +
           ") ir"
           " JOIN interfaces i ON i.id = ir.id LEFT JOIN vlans v ON v.id = i.vlan_id " +
           kVlanFrom +
           " UNION ALL SELECT 2, ar.pos, a.interface_id::text, a.id::text, a.mode, host(a.ip), "
           "left((a.subnet_id IS NOT NULL)::text, 1), " +
           kSubnetText + ", " + kVlanText +
           " FROM (SELECT a.id, row_number() OVER (PARTITION BY a.interface_id ORDER BY a.id) AS "
           "pos"
           " FROM interfaces i JOIN interface_addresses a ON a.interface_id = i.id" +
           ofNodes("i.node_id", few) +
           ") ar"
           " JOIN interface_addresses a ON a.id = ar.id"
           " LEFT JOIN subnets s ON s.id = a.subnet_id LEFT JOIN vlans v ON v.id = s.vlan_id " +
           kVlanFrom +
           " UNION ALL SELECT 3, row_number() OVER (PARTITION BY sv.node_id ORDER BY sv.name), "
           "sv.node_id::text, sv.name, sv.status, sv.status_info" +
           pad(4) + " FROM services sv" + ofNodes("sv.node_id", few) +
           " UNION ALL SELECT 4, row_number() OVER (PARTITION BY nt.node_id ORDER BY t.name), "
           "nt.node_id::text, t.name" +
           pad(2) + " FROM node_tags nt JOIN tags t ON t.id = nt.tag_id" +
           ofNodes("nt.node_id", few);
}

/// Puts item at its 1-based position, however the rows arrived.
template <typename T>
void place(std::vector<T>& items, int64_t position, T item) {
    const auto index = static_cast<size_t>(position - 1);
    if (items.size() <= index)
        items.resize(index + 1);
    items[index] = std::move(item);
}

std::vector<std::string> jsonStrings(const std::string& text) {
    std::vector<std::string> out;
    if (text == "[]")
        return out;
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

api::Node readNode(const db::Result& r, int i) {
    constexpr int c = kPayload;
    api::Node n;
    n.id = r.integer(i, c);
    n.system_id = r.text(i, c + 1);
    n.hostname = r.text(i, c + 2);
    n.node_type = static_cast<int>(r.integer(i, c + 3));
    n.status = static_cast<int>(r.integer(i, c + 4));
    n.version = r.text(i, c + 5);
    n.architecture = r.text(i, c + 6);
    n.description = r.text(i, c + 7);
    n.power_type = r.text(i, c + 8);
    n.power_state = r.text(i, c + 9);
    n.power_parameters_json = r.text(i, c + 10);
    n.owner = r.optText(i, c + 11);
    n.last_seen = r.optText(i, c + 12);
    n.version_warning = r.text(i, c + 13);
    n.cpu_count = static_cast<int>(r.integer(i, c + 14));
    n.memory = r.integer(i, c + 15);
    n.zone = {r.integer(i, c + 16), r.text(i, c + 17), r.text(i, c + 18)};
    n.pool = {r.integer(i, c + 19), r.text(i, c + 20), r.text(i, c + 21)};
    return n;
}

api::Interface readInterface(const db::Result& r, int i) {
    constexpr int c = kPayload;
    api::Interface iface;
    iface.id = r.integer(i, c + 1);
    iface.name = r.text(i, c + 2);
    iface.type = r.text(i, c + 3);
    iface.mac_address = r.optText(i, c + 4);
    iface.enabled = r.boolean(i, c + 5);
    iface.parents = jsonStrings(r.text(i, c + 6));
    if (!r.isNull(i, c + 7))
        iface.vlan = readVlan(r, i, c + 7);
    return iface;
}

api::InterfaceLink readLink(const db::Result& r, int i) {
    constexpr int c = kPayload;
    api::InterfaceLink link{r.integer(i, c + 1), r.text(i, c + 2), r.text(i, c + 3), std::nullopt};
    if (r.boolean(i, c + 4))
        link.subnet = readSubnet(r, i, c + 5);
    return link;
}

}  // namespace

std::string nodeListSql(const std::string& where, const std::string& order_by, size_t filter_params,
                        bool few, bool sliced) {
    const std::string slice = sliced ? " LIMIT $" + std::to_string(filter_params + 1) +
                                           "::bigint OFFSET $" + std::to_string(filter_params + 2) +
                                           "::bigint"
                                     : "";
    return "WITH sel AS MATERIALIZED (SELECT n.id, row_number() OVER (" + order_by +
           ") AS ord, count(*) OVER () AS total FROM nodes n " + kNodeJoins + where + " " +
           order_by + slice + ") " + nodeBranch() + childBranches(few);
}

std::string nodeListStatementName(const std::string& sql) {
    uint64_t hash = 14695981039346656037ull;  // FNV-1a, 64 bits
    for (unsigned char c : sql)
        hash = (hash ^ c) * 1099511628211ull;
    char name[40];
    std::snprintf(name, sizeof name, "node_list_%016llx_%zu", static_cast<unsigned long long>(hash),
                  sql.size());
    return name;
}

NodeListRows decodeNodeList(const db::Result& r) {
    NodeListRows out;
    const auto kind = [&](int i) { return r.integer(i, 0); };
    const auto position = [&](int i) { return r.integer(i, 1); };
    const auto parent = [&](int i) { return r.integer(i, kPayload); };
    // Nodes first (the children name them by id), in their list order: positions are
    // consecutive from the slice's first.
    std::vector<std::pair<int64_t, api::Node>> ordered;
    for (int i = 0; i < r.rows(); ++i)
        if (kind(i) == kNodeRow) {
            if (!out.total)
                out.total = r.integer(i, kPayload + 22);
            ordered.emplace_back(position(i), readNode(r, i));
        }
    std::sort(ordered.begin(), ordered.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::map<int64_t, size_t> node_index;
    for (auto& [pos, node] : ordered) {
        node_index[node.id] = out.nodes.size();
        out.nodes.push_back(std::move(node));
    }
    std::map<int64_t, std::pair<size_t, size_t>> iface_index;
    for (int i = 0; i < r.rows(); ++i)
        if (kind(i) == kInterfaceRow) {
            const size_t n = node_index.at(parent(i));
            auto iface = readInterface(r, i);
            iface_index[iface.id] = {n, static_cast<size_t>(position(i) - 1)};
            place(out.nodes[n].interfaces, position(i), std::move(iface));
        }
    for (int i = 0; i < r.rows(); ++i) {
        const auto k = kind(i);
        if (k == kLinkRow) {
            const auto [n, f] = iface_index.at(parent(i));
            place(out.nodes[n].interfaces[f].links, position(i), readLink(r, i));
        } else if (k == kServiceRow) {
            place(out.nodes[node_index.at(parent(i))].services, position(i),
                  api::Service{r.text(i, kPayload + 1), r.text(i, kPayload + 2),
                               r.text(i, kPayload + 3)});
        } else if (k == kTagRow) {
            place(out.nodes[node_index.at(parent(i))].tag_names, position(i),
                  r.text(i, kPayload + 1));
        }
    }
    for (auto& node : out.nodes)
        fillChildren(node);
    return out;
}

}  // namespace maas::region::store
