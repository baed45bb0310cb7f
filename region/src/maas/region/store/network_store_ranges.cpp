// NetworkStore's IP ranges (reserved and dynamic): listed with their subnet and VLAN, and
// locked per subnet while a change is checked against the others.
#include "maas/region/store/network_store.h"
#include "maas/region/store/params.h"
#include "maas/region/store/rows.h"

namespace maas::region::store {

using db::Statement;

namespace {

std::string rangeSelect(const char* where) {
    return std::string(
               "SELECT r.id, r.type, host(r.start_ip), host(r.end_ip), r.comment, "
               "u.username, ") +
           kSubnetColumns + ", " + kVlanColumns +
           " FROM ipranges r JOIN subnets s ON s.id = r.subnet_id "
           "JOIN vlans v ON v.id = s.vlan_id " +
           kVlanJoins + " LEFT JOIN users u ON u.id = r.user_id " + where;
}

std::vector<api::IpRange> readRanges(const db::Result& r) {
    std::vector<api::IpRange> out;
    for (int i = 0; i < r.rows(); ++i) {
        api::IpRange range;
        range.id = r.integer(i, 0);
        range.type = r.text(i, 1);
        range.start_ip = r.text(i, 2);
        range.end_ip = r.text(i, 3);
        range.comment = r.text(i, 4);
        range.user = r.optText(i, 5);
        range.subnet = readSubnet(r, i, 6);
        out.push_back(std::move(range));
    }
    return out;
}

}  // namespace

std::vector<api::IpRange> NetworkStore::ipRanges() {
    static const std::string sql = rangeSelect("ORDER BY r.id");
    static const Statement kAll{"ipranges_all", sql.c_str()};
    return readRanges(conn_.exec(kAll, {}));
}

std::optional<api::IpRange> NetworkStore::ipRange(int64_t id) {
    static const std::string sql = rangeSelect("WHERE r.id = $1");
    static const Statement kOne{"iprange_one", sql.c_str()};
    auto found = readRanges(conn_.exec(kOne, {num(id)}));
    if (found.empty())
        return std::nullopt;
    return found.front();
}

std::vector<net::ExistingRange> NetworkStore::rangesOfSubnetForUpdate(int64_t subnet_id) {
    static const Statement kLockSubnet{"subnet_lock",
                                       "SELECT id FROM subnets WHERE id = $1 FOR UPDATE"};
    static const Statement kRanges{
        "ipranges_of_subnet",
        "SELECT id, type, host(start_ip), host(end_ip) FROM ipranges WHERE subnet_id = $1"};
    conn_.exec(kLockSubnet, {num(subnet_id)});
    const auto r = conn_.exec(kRanges, {num(subnet_id)});
    std::vector<net::ExistingRange> out;
    for (int i = 0; i < r.rows(); ++i) {
        auto start = net::IpAddress::parse(r.view(i, 2));
        auto end = net::IpAddress::parse(r.view(i, 3));
        if (start && end)
            out.push_back({r.integer(i, 0), r.text(i, 1), *start, *end});
    }
    return out;
}

bool NetworkStore::hasDynamicRange(int64_t vlan_id) {
    static const Statement kDynamic{
        "vlan_has_dynamic",
        "SELECT EXISTS (SELECT 1 FROM ipranges r JOIN subnets s ON s.id = r.subnet_id "
        "WHERE s.vlan_id = $1 AND r.type = 'dynamic')"};
    return conn_.exec(kDynamic, {num(vlan_id)}).boolean(0, 0);
}

int64_t NetworkStore::insertIpRange(const api::IpRange& r, std::optional<int64_t> user_id) {
    static const Statement kInsert{
        "iprange_insert",
        "INSERT INTO ipranges (subnet_id, type, start_ip, end_ip, comment, user_id) "
        "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"};
    return conn_
        .exec(kInsert, {num(r.subnet.id), r.type, r.start_ip, r.end_ip, r.comment, optNum(user_id)})
        .integer(0, 0);
}

void NetworkStore::updateIpRange(const api::IpRange& r) {
    static const Statement kUpdate{
        "iprange_update",
        "UPDATE ipranges SET subnet_id = $2, type = $3, start_ip = $4, end_ip = $5, "
        "comment = $6, updated = now() WHERE id = $1"};
    conn_.exec(kUpdate, {num(r.id), num(r.subnet.id), r.type, r.start_ip, r.end_ip, r.comment});
}

void NetworkStore::deleteIpRange(int64_t id) {
    static const Statement kDelete{"iprange_delete", "DELETE FROM ipranges WHERE id = $1"};
    conn_.exec(kDelete, {num(id)});
}

}  // namespace maas::region::store
