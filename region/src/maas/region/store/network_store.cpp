#include "maas/region/store/network_store.h"

#include <map>

#include "maas/region/store/params.h"
#include "maas/region/store/rows.h"

namespace maas::region::store {

namespace {

using db::Params;
using db::Statement;

std::optional<std::string> opt(const std::optional<std::string>& v) {
    return v;
}

std::string vlanSelect(const char* where) {
    return std::string("SELECT ") + kVlanColumns + " FROM vlans v " + kVlanJoins + " " + where;
}

std::string pgArray(const std::vector<std::string>& items) {
    // Elements are validated IP addresses: no quoting needed beyond braces and commas.
    std::string out = "{";
    for (size_t i = 0; i < items.size(); ++i)
        out += (i ? "," : "") + items[i];
    return out + "}";
}

std::vector<api::Vlan> readVlans(const db::Result& r) {
    std::vector<api::Vlan> out;
    for (int i = 0; i < r.rows(); ++i)
        out.push_back(readVlan(r, i, 0));
    return out;
}

}  // namespace

std::vector<api::Fabric> NetworkStore::fabrics() {
    static const Statement kFabrics{
        "fabrics_all", "SELECT id, name, description, class_type FROM fabrics ORDER BY id"};
    const auto r = conn_.exec(kFabrics, {});
    std::vector<api::Fabric> out;
    std::map<int64_t, size_t> index;
    for (int i = 0; i < r.rows(); ++i) {
        index[r.integer(i, 0)] = out.size();
        out.push_back({r.integer(i, 0), r.text(i, 1), r.text(i, 2), r.optText(i, 3), {}});
    }
    for (auto& v : vlans(std::nullopt))
        if (index.contains(v.fabric_id))
            out[index[v.fabric_id]].vlans.push_back(std::move(v));
    return out;
}

std::optional<api::Fabric> NetworkStore::fabric(int64_t id) {
    static const Statement kFabric{
        "fabric_one", "SELECT id, name, description, class_type FROM fabrics WHERE id = $1"};
    const auto r = conn_.exec(kFabric, {num(id)});
    if (r.rows() == 0)
        return std::nullopt;
    return api::Fabric{r.integer(0, 0), r.text(0, 1), r.text(0, 2), r.optText(0, 3), vlans(id)};
}

int64_t NetworkStore::insertFabric(const api::Fabric& f) {
    static const Statement kUntagged{
        "fabric_untagged", "INSERT INTO vlans (fabric_id, vid, name) VALUES ($1, 0, 'untagged')"};
    // nextval first so currval is defined inside the INSERT's default expression.
    conn_.exec("SELECT nextval('fabrics_id_seq')");
    static const Statement kInsertWithId{
        "fabric_insert_id",
        "INSERT INTO fabrics (id, name, description, class_type) "
        "VALUES (currval('fabrics_id_seq'), "
        "coalesce(nullif($1, ''), 'fabric-' || currval('fabrics_id_seq')), $2, $3) RETURNING id"};
    const auto r = conn_.exec(kInsertWithId, {f.name, f.description, opt(f.class_type)});
    const int64_t id = r.integer(0, 0);
    conn_.exec(kUntagged, {num(id)});
    return id;
}

void NetworkStore::updateFabric(const api::Fabric& f) {
    static const Statement kUpdate{
        "fabric_update",
        "UPDATE fabrics SET name = $2, description = $3, class_type = $4, updated = now() "
        "WHERE id = $1"};
    conn_.exec(kUpdate, {num(f.id), f.name, f.description, opt(f.class_type)});
}

void NetworkStore::deleteFabric(int64_t id) {
    static const Statement kDelete{"fabric_delete", "DELETE FROM fabrics WHERE id = $1"};
    conn_.exec(kDelete, {num(id)});
}

int64_t NetworkStore::defaultFabricId() {
    static const Statement kDefault{"fabric_default", "SELECT min(id) FROM fabrics"};
    const auto r = conn_.exec(kDefault, {});
    return r.isNull(0, 0) ? 0 : r.integer(0, 0);
}

std::vector<api::Vlan> NetworkStore::vlans(std::optional<int64_t> fabric_id) {
    static const std::string all = vlanSelect("ORDER BY v.fabric_id, v.vid");
    static const std::string one = vlanSelect("WHERE v.fabric_id = $1 ORDER BY v.vid");
    static const Statement kAll{"vlans_all", all.c_str()};
    static const Statement kOfFabric{"vlans_of_fabric", one.c_str()};
    if (!fabric_id)
        return readVlans(conn_.exec(kAll, {}));
    return readVlans(conn_.exec(kOfFabric, {num(*fabric_id)}));
}

std::optional<api::Vlan> NetworkStore::vlan(int64_t fabric_id, int vid) {
    static const std::string sql = vlanSelect("WHERE v.fabric_id = $1 AND v.vid = $2");
    static const Statement kOne{"vlan_by_vid", sql.c_str()};
    auto found = readVlans(conn_.exec(kOne, {num(fabric_id), num(vid)}));
    if (found.empty())
        return std::nullopt;
    return found.front();
}

std::optional<api::Vlan> NetworkStore::vlanById(int64_t id) {
    static const std::string sql = vlanSelect("WHERE v.id = $1");
    static const Statement kOne{"vlan_by_id", sql.c_str()};
    auto found = readVlans(conn_.exec(kOne, {num(id)}));
    if (found.empty())
        return std::nullopt;
    return found.front();
}

int64_t NetworkStore::insertVlan(const api::Vlan& v) {
    static const Statement kInsert{
        "vlan_insert",
        "INSERT INTO vlans (fabric_id, vid, name, description, mtu, space) "
        "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"};
    return conn_
        .exec(kInsert,
              {num(v.fabric_id), num(v.vid), opt(v.name), v.description, num(v.mtu), opt(v.space)})
        .integer(0, 0);
}

void NetworkStore::updateVlan(const api::Vlan& v) {
    static const Statement kUpdate{
        "vlan_update",
        "UPDATE vlans SET vid = $2, name = $3, description = $4, mtu = $5, dhcp_on = $6, "
        "primary_rack_id = (SELECT id FROM nodes WHERE system_id = $7), "
        "secondary_rack_id = (SELECT id FROM nodes WHERE system_id = $8), "
        "relay_vlan_id = $9, space = $10, updated = now() WHERE id = $1"};
    conn_.exec(kUpdate, {num(v.id), num(v.vid), opt(v.name), v.description, num(v.mtu),
                         v.dhcp_on ? "true" : "false", opt(v.primary_rack), opt(v.secondary_rack),
                         optNum(v.relay_vlan_id), opt(v.space)});
}

void NetworkStore::deleteVlan(int64_t id) {
    static const Statement kDelete{"vlan_delete", "DELETE FROM vlans WHERE id = $1"};
    conn_.exec(kDelete, {num(id)});
}

std::vector<api::Subnet> NetworkStore::subnets() {
    static const std::string sql = subnetSelect() + " ORDER BY s.id";
    static const Statement kAll{"subnets_all", sql.c_str()};
    const auto r = conn_.exec(kAll, {});
    std::vector<api::Subnet> out;
    out.reserve(static_cast<size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i)
        out.push_back(readSubnet(r, i, 0));
    return out;
}

std::optional<api::Subnet> NetworkStore::subnet(int64_t id) {
    static const std::string sql = subnetSelect() + " WHERE s.id = $1";
    static const Statement kOne{"subnet_one", sql.c_str()};
    const auto r = conn_.exec(kOne, {num(id)});
    if (r.rows() == 0)
        return std::nullopt;
    return readSubnet(r, 0, 0);
}

std::vector<std::string> NetworkStore::subnetCidrsOnVlan(int64_t vlan_id) {
    static const Statement kOnVlan{"subnets_on_vlan",
                                   "SELECT cidr FROM subnets WHERE vlan_id = $1 ORDER BY cidr"};
    const auto r = conn_.exec(kOnVlan, {num(vlan_id)});
    std::vector<std::string> out;
    for (int i = 0; i < r.rows(); ++i)
        out.push_back(r.text(i, 0));
    return out;
}

std::vector<std::string> NetworkStore::subnetCidrsOnFabric(int64_t fabric_id) {
    static const Statement kOnFabric{
        "subnets_on_fabric",
        "SELECT s.cidr FROM subnets s JOIN vlans v ON v.id = s.vlan_id WHERE v.fabric_id = $1 "
        "ORDER BY s.cidr"};
    const auto r = conn_.exec(kOnFabric, {num(fabric_id)});
    std::vector<std::string> out;
    for (int i = 0; i < r.rows(); ++i)
        out.push_back(r.text(i, 0));
    return out;
}

std::optional<int64_t> NetworkStore::subnetIdByCidr(const std::string& cidr, int64_t except_id) {
    static const Statement kByCidr{"subnet_by_cidr",
                                   "SELECT id FROM subnets WHERE cidr = $1::cidr AND id <> $2"};
    const auto r = conn_.exec(kByCidr, {cidr, num(except_id)});
    if (r.rows() == 0)
        return std::nullopt;
    return r.integer(0, 0);
}

namespace {

/// "10.0.0.5/24" -> "10.0.0.0/24", "10.0.0.5" -> "10.0.0.5/32"; nullopt when not a network.
std::optional<std::string> networkOf(const std::string& text) {
    const auto slash = text.find('/');
    const auto ip = net::IpAddress::parse(text.substr(0, slash));
    if (!ip)
        return std::nullopt;
    int prefix = ip->bits();
    if (slash != std::string::npos) {
        const auto digits = text.substr(slash + 1);
        if (digits.empty() || digits.size() > 3 ||
            digits.find_first_not_of("0123456789") != std::string::npos)
            return std::nullopt;
        prefix = std::stoi(digits);
        if (prefix > ip->bits())
            return std::nullopt;
    }
    return net::Cidr{net::maskAddress(*ip, prefix), prefix}.toString();
}

std::optional<int64_t> integerOf(const std::string& text) {
    if (text.empty() || text.size() > 18 ||
        text.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    return std::stoll(text);
}

}  // namespace

std::optional<int64_t> NetworkStore::subnetIdBySpecifier(const std::string& specifier) {
    static const Statement kById{"subnet_spec_id", "SELECT id FROM subnets WHERE id = $1"};
    static const Statement kByName{"subnet_spec_name",
                                   "SELECT id FROM subnets WHERE name = $1 ORDER BY id LIMIT 1"};
    auto first = [](const db::Result& r) {
        return r.rows() ? std::optional<int64_t>(r.integer(0, 0)) : std::nullopt;
    };
    const auto colon = specifier.find(':');
    const auto kind = colon == std::string::npos ? std::string() : specifier.substr(0, colon);
    const auto value = kind.empty() ? specifier : specifier.substr(colon + 1);
    if (kind == "id" || (kind.empty() && integerOf(value))) {
        const auto id = integerOf(value);
        return id ? first(conn_.exec(kById, {num(*id)})) : std::nullopt;
    }
    if (kind == "name")
        return first(conn_.exec(kByName, {value}));
    if (kind == "cidr" || kind.empty()) {
        if (const auto cidr = networkOf(value))
            return subnetIdByCidr(*cidr);
        if (kind == "cidr")
            return std::nullopt;
        return first(conn_.exec(kByName, {specifier}));  // IPv6 names may hold colons
    }
    return first(conn_.exec(kByName, {specifier}));
}

std::optional<api::Fabric> NetworkStore::fabricBySpecifier(const std::string& specifier) {
    static const Statement kByName{"fabric_spec_name", "SELECT id FROM fabrics WHERE name = $1"};
    if (const auto id = integerOf(specifier))
        return fabric(*id);
    const auto r = conn_.exec(kByName, {specifier});
    return r.rows() ? fabric(r.integer(0, 0)) : std::nullopt;
}

std::vector<net::IpAddress> NetworkStore::addressesInUse(int64_t subnet_id) {
    static const Statement kInUse{
        "subnet_addresses_in_use",
        "SELECT host(gateway_ip) FROM subnets WHERE id = $1 AND gateway_ip IS NOT NULL"
        " UNION SELECT unnest(dns_servers) FROM subnets WHERE id = $1"
        " UNION SELECT host(ip) FROM interface_addresses WHERE subnet_id = $1 AND ip IS NOT NULL"};
    const auto r = conn_.exec(kInUse, {num(subnet_id)});
    std::vector<net::IpAddress> out;
    for (int i = 0; i < r.rows(); ++i)
        if (auto ip = net::IpAddress::parse(r.text(i, 0)))
            out.push_back(*ip);
    return out;
}

int64_t NetworkStore::insertSubnet(const api::Subnet& s) {
    static const Statement kInsert{
        "subnet_insert",
        "INSERT INTO subnets (name, description, vlan_id, cidr, gateway_ip, dns_servers, managed, "
        "allow_dns, allow_proxy, active_discovery, rdns_mode) "
        "VALUES (coalesce(nullif($1, ''), $4::text), $2, $3, $4::cidr, $5, $6, $7, $8, $9, $10, "
        "$11) "
        "RETURNING id"};
    return conn_
        .exec(kInsert,
              {s.name, s.description, num(s.vlan.id), s.cidr, opt(s.gateway_ip),
               pgArray(s.dns_servers), s.managed ? "t" : "f", s.allow_dns ? "t" : "f",
               s.allow_proxy ? "t" : "f", s.active_discovery ? "t" : "f", num(s.rdns_mode)})
        .integer(0, 0);
}

void NetworkStore::updateSubnet(const api::Subnet& s) {
    static const Statement kUpdate{
        "subnet_update",
        "UPDATE subnets SET name = $2, description = $3, vlan_id = $4, cidr = $5, "
        "gateway_ip = $6, dns_servers = $7, managed = $8, allow_dns = $9, allow_proxy = $10, "
        "active_discovery = $11, rdns_mode = $12, updated = now() WHERE id = $1"};
    conn_.exec(kUpdate,
               {num(s.id), s.name, s.description, num(s.vlan.id), s.cidr, opt(s.gateway_ip),
                pgArray(s.dns_servers), s.managed ? "t" : "f", s.allow_dns ? "t" : "f",
                s.allow_proxy ? "t" : "f", s.active_discovery ? "t" : "f", num(s.rdns_mode)});
}

void NetworkStore::deleteSubnet(int64_t id) {
    static const Statement kDelete{"subnet_delete", "DELETE FROM subnets WHERE id = $1"};
    conn_.exec(kDelete, {num(id)});
}

}  // namespace maas::region::store
