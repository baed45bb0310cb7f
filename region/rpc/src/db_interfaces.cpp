#include "maas/region/rpc/db_interfaces.h"

#include <map>

#include "maas/region/db/lock_keys.h"
#include "maas/region/net/interface_placement.h"

namespace maas::region::rpc {

namespace {

// Every placement reads the whole network, decides, then writes: one at a time.

std::string num(int64_t v) {
    return std::to_string(v);
}

const db::Statement kSubnets{"discovery_subnets",
                             "SELECT id, text(cidr), vlan_id, gateway_ip IS NOT NULL FROM subnets"};
const db::Statement kVlans{"discovery_vlans", "SELECT id, fabric_id, vid FROM vlans"};
const db::Statement kDefaultVlan{
    "discovery_default_vlan",
    "SELECT f.id, v.id, EXISTS (SELECT 1 FROM interfaces i WHERE i.vlan_id = v.id"
    " AND i.node_id <> $1) FROM fabrics f JOIN vlans v ON v.fabric_id = f.id AND v.vid = 0"
    " ORDER BY f.id LIMIT 1"};
const db::Statement kKnown{"discovery_known",
                           "SELECT name, vlan_id, vlan_pinned FROM interfaces WHERE node_id = $1"};
const db::Statement kNewFabric{
    "discovery_new_fabric",
    "WITH f AS (INSERT INTO fabrics (id, name) SELECT n, 'fabric-' || n"
    " FROM nextval('fabrics_id_seq') n RETURNING id)"
    " INSERT INTO vlans (fabric_id, vid, name) SELECT id, 0, 'untagged' FROM f RETURNING id,"
    " fabric_id"};
const db::Statement kNewVlan{"discovery_new_vlan",
                             "INSERT INTO vlans (fabric_id, vid) VALUES ($1, $2) RETURNING id"};
const db::Statement kNewSubnet{"discovery_new_subnet",
                               "INSERT INTO subnets (name, vlan_id, cidr, gateway_ip) VALUES "
                               "($1::text, $2, $1::text::cidr, $3::inet)"
                               " RETURNING id"};
const db::Statement kGateway{"discovery_gateway",
                             "UPDATE subnets SET gateway_ip = $2::inet, updated = now() WHERE id = "
                             "$1 AND gateway_ip IS NULL"};
const db::Statement kDropInterfaces{
    "discovery_interfaces_drop",
    "DELETE FROM interfaces WHERE node_id = $1 AND NOT (name = ANY($2::text[]))"};
const db::Statement kUpsertInterface{
    "discovery_interface_upsert",
    "INSERT INTO interfaces (node_id, name, type, mac_address, enabled, parents, vid, vlan_id)"
    " VALUES ($1, $2, $3, NULLIF($4, ''), $5, $6::text[], $7, $8)"
    " ON CONFLICT (node_id, name) DO UPDATE SET type = excluded.type,"
    " mac_address = excluded.mac_address, enabled = excluded.enabled,"
    " parents = excluded.parents, vid = excluded.vid, vlan_id = excluded.vlan_id"
    " RETURNING id"};
const db::Statement kDropAddresses{"discovery_addresses_drop",
                                   "DELETE FROM interface_addresses WHERE interface_id = $1"};
const db::Statement kAddAddress{
    "discovery_address_add",
    "INSERT INTO interface_addresses (interface_id, subnet_id, ip) VALUES ($1, $2, $3::inet)"};

net::NetworkSnapshot readSnapshot(db::Connection& conn, int64_t node_id) {
    net::NetworkSnapshot s;
    const auto subnets = conn.exec(kSubnets, {});
    for (int i = 0; i < subnets.rows(); ++i) {
        s.subnets.push_back({subnets.integer(i, 0), subnets.text(i, 1), subnets.integer(i, 2),
                             subnets.boolean(i, 3)});
    }
    const auto vlans = conn.exec(kVlans, {});
    for (int i = 0; i < vlans.rows(); ++i) {
        s.vlans.push_back(
            {vlans.integer(i, 0), vlans.integer(i, 1), static_cast<int>(vlans.integer(i, 2))});
    }
    const auto fallback = conn.exec(kDefaultVlan, {num(node_id)});
    if (fallback.rows() > 0) {
        s.default_fabric_id = fallback.integer(0, 0);
        s.default_vlan_id = fallback.integer(0, 1);
        s.default_vlan_in_use = fallback.boolean(0, 2);
    } else {
        s.default_vlan_in_use = true;  // no fabric at all: every placement makes one
        s.default_vlan_id = -1000000;
    }
    const auto known = conn.exec(kKnown, {num(node_id)});
    for (int i = 0; i < known.rows(); ++i) {
        std::optional<int64_t> vlan;
        if (!known.isNull(i, 1)) {
            vlan = known.integer(i, 1);
        }
        s.interfaces.push_back({known.text(i, 0), vlan, known.boolean(i, 2)});
    }
    return s;
}

/// Creates the plan's rows; returns the id of every reference.
std::map<net::RowRef, int64_t> createRows(db::Connection& conn, const net::InterfacePlan& plan) {
    std::map<net::RowRef, int64_t> ids;
    auto id = [&ids](net::RowRef ref) { return ref >= 0 ? ref : ids.at(ref); };
    for (const auto& f : plan.fabrics) {
        const auto r = conn.exec(kNewFabric, {});
        ids[f.untagged_vlan] = r.integer(0, 0);
        ids[f.ref] = r.integer(0, 1);
    }
    for (const auto& v : plan.vlans) {
        ids[v.ref] = conn.exec(kNewVlan, {num(id(v.fabric)), num(v.vid)}).integer(0, 0);
    }
    for (const auto& s : plan.subnets) {
        ids[s.ref] = conn.exec(kNewSubnet, {s.cidr, num(id(s.vlan)), s.gateway}).integer(0, 0);
    }
    for (const auto& g : plan.gateways) {
        conn.exec(kGateway, {num(g.subnet_id), g.gateway});
    }
    return ids;
}

}  // namespace

std::string pgTextArray(const std::vector<std::string>& values) {
    std::string out = "{";
    for (size_t i = 0; i < values.size(); ++i) {
        out += (i ? ",\"" : "\"");
        for (char c : values[i]) {
            if (c == '"' || c == '\\') {
                out.push_back('\\');
            }
            out.push_back(c);
        }
        out += "\"";
    }
    return out + "}";
}

void recordInterfaces(db::Connection& conn, int64_t node_id,
                      const std::vector<maas::rpc::InterfaceInfo>& interfaces,
                      const std::vector<std::string>& gateways) {
    conn.exec("SELECT pg_advisory_xact_lock($1)", {num(db::kNetworkDiscoveryLock)});
    std::vector<net::ReportedInterface> report;
    std::vector<std::string> names;
    for (const auto& i : interfaces) {
        report.push_back({i.name, i.type, i.mac_address, i.vid, i.parents, i.addresses, i.enabled});
        names.push_back(i.name);
    }
    const auto plan = net::planInterfaces(report, gateways, readSnapshot(conn, node_id));
    auto ids = createRows(conn, plan);
    auto id = [&ids](net::RowRef ref) { return ref >= 0 ? ref : ids.at(ref); };
    conn.exec(kDropInterfaces, {num(node_id), pgTextArray(names)});
    for (const auto& p : plan.interfaces) {
        const auto& r = p.reported;
        std::optional<std::string> vlan;
        if (p.vlan) {
            vlan = num(id(*p.vlan));
        }
        const auto interface_id =
            conn.exec(kUpsertInterface,
                      {num(node_id), r.name, r.type, r.mac_address, r.enabled ? "true" : "false",
                       pgTextArray(r.parents), num(r.vid), vlan})
                .integer(0, 0);
        conn.exec(kDropAddresses, {num(interface_id)});
        for (const auto& a : p.addresses) {
            conn.exec(kAddAddress, {num(interface_id), num(id(a.subnet)), a.ip});
        }
    }
}

}  // namespace maas::region::rpc
