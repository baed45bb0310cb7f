#include "maas/region/store/reservation_store.h"

#include "maas/region/store/params.h"

namespace maas::region::store {

int64_t ReservationStore::insert(const std::string& ip, int64_t subnet_id, int64_t user_id,
                                 const std::string& hostname,
                                 const std::optional<std::string>& mac) {
    static const db::Statement kInsert{
        "reservation_insert",
        "INSERT INTO ip_reservations (ip, subnet_id, user_id, hostname, mac_address)"
        " VALUES ($1::inet, $2, $3, $4, $5) RETURNING id"};
    return conn_.exec(kInsert, {ip, num(subnet_id), num(user_id), hostname, mac}).integer(0, 0);
}

std::vector<api::IpReservation> ReservationStore::list(const std::optional<std::string>& username,
                                                       const std::optional<std::string>& ip) {
    static const db::Statement kList{
        "reservation_list",
        "SELECT r.id, host(r.ip), r.subnet_id, u.id, u.username, u.email, u.is_superuser,"
        " r.hostname, r.mac_address,"
        " to_char(r.created AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US')"
        " FROM ip_reservations r JOIN users u ON u.id = r.user_id"
        " WHERE ($1::text IS NULL OR u.username = $1)"
        " AND ($2::text IS NULL OR r.ip = $2::inet) ORDER BY r.id"};
    const auto r = conn_.exec(kList, {username, ip});
    std::vector<api::IpReservation> out;
    for (int i = 0; i < r.rows(); ++i) {
        api::IpReservation res;
        res.id = r.integer(i, 0);
        res.ip = r.text(i, 1);
        res.subnet_id = r.integer(i, 2);
        res.owner = {r.integer(i, 3), r.text(i, 4), r.text(i, 5), r.boolean(i, 6)};
        res.hostname = r.text(i, 7);
        res.mac_address = r.optText(i, 8);
        res.created = r.text(i, 9);
        out.push_back(std::move(res));
    }
    return out;
}

bool ReservationStore::release(const std::string& ip, std::optional<int64_t> user_id) {
    static const db::Statement kRelease{"reservation_release",
                                        "DELETE FROM ip_reservations WHERE ip = $1::inet"
                                        " AND ($2::bigint IS NULL OR user_id = $2::bigint)"};
    std::optional<std::string> user;
    if (user_id)
        user = num(*user_id);
    return conn_.exec(kRelease, {ip, user}).affected() > 0;
}

bool ReservationStore::releaseLinks(const std::string& ip) {
    static const db::Statement kRelease{
        "reservation_release_links",
        "DELETE FROM interface_addresses WHERE ip IS NOT NULL AND host(ip) = host($1::inet)"};
    return conn_.exec(kRelease, {ip}).affected() > 0;
}

bool ReservationStore::releaseLease(const std::string& ip) {
    static const db::Statement kRelease{"reservation_release_lease",
                                        "DELETE FROM dhcp_leases WHERE ip = $1::inet"};
    return conn_.exec(kRelease, {ip}).affected() > 0;
}

std::vector<api::LinkedAddress> ReservationStore::linkedAddresses(
    const std::optional<std::string>& ip) {
    static const db::Statement kLinked{
        "reservation_linked_addresses",
        "SELECT host(a.ip), a.subnet_id, n.system_id, i.id FROM interface_addresses a"
        " JOIN interfaces i ON i.id = a.interface_id JOIN nodes n ON n.id = i.node_id"
        " WHERE a.ip IS NOT NULL AND ($1::text IS NULL OR host(a.ip) = host($1::inet))"
        " ORDER BY a.id"};
    const auto r = conn_.exec(kLinked, {ip});
    std::vector<api::LinkedAddress> out;
    for (int i = 0; i < r.rows(); ++i) {
        api::LinkedAddress a;
        a.ip = r.text(i, 0);
        if (!r.isNull(i, 1))
            a.subnet_id = r.integer(i, 1);
        a.system_id = r.text(i, 2);
        a.interface_id = r.integer(i, 3);
        out.push_back(std::move(a));
    }
    return out;
}

std::optional<int64_t> ReservationStore::bestSubnetFor(const std::string& ip) {
    static const db::Statement kBest{
        "reservation_best_subnet",
        "SELECT id FROM subnets WHERE $1::inet <<= cidr ORDER BY masklen(cidr) DESC LIMIT 1"};
    const auto r = conn_.exec(kBest, {ip});
    if (r.rows() == 0)
        return std::nullopt;
    return r.integer(0, 0);
}

std::optional<std::string> ReservationStore::nodeWithMac(const std::string& mac) {
    static const db::Statement kNode{
        "reservation_node_with_mac",
        "SELECT n.hostname FROM interfaces i JOIN nodes n ON n.id = i.node_id"
        " WHERE i.mac_address = $1 LIMIT 1"};
    const auto r = conn_.exec(kNode, {mac});
    if (r.rows() == 0)
        return std::nullopt;
    return r.text(0, 0);
}

}  // namespace maas::region::store
