#include "maas/region/rpc/db_dhcp_source.h"

#include <algorithm>
#include <sstream>

#include "maas/region/rpc/rack_directory.h"

namespace maas::region::rpc {

namespace mr = maas::rpc;
using region::dhcp::VlanDuty;

namespace {

constexpr auto kGenerationCacheTtl = std::chrono::milliseconds(100);

const db::Statement kGeneration{"dhcp_generation", "SELECT generation FROM dhcp_generation"};
const db::Statement kDuties{
    "dhcp_duties",
    "SELECT v.id, f.name || '.' || v.vid, v.primary_rack_id = n.id, n.id,"
    " CASE WHEN v.primary_rack_id = n.id THEN v.secondary_rack_id ELSE v.primary_rack_id END"
    " FROM nodes n JOIN vlans v ON v.dhcp_on AND v.relay_vlan_id IS NULL"
    "  AND (v.primary_rack_id = n.id OR v.secondary_rack_id = n.id)"
    " JOIN fabrics f ON f.id = v.fabric_id"
    " WHERE n.system_id = $1 AND n.node_type IN (2, 4) ORDER BY v.id"};
// A rack's first IPv4 address in a subnet of the VLAN, and the interface carrying it.
const db::Statement kAddressOnVlan{
    "dhcp_address_on_vlan",
    "SELECT i.name, host(a.ip) FROM interfaces i"
    " JOIN interface_addresses a ON a.interface_id = i.id"
    " JOIN subnets s ON s.id = a.subnet_id"
    " WHERE i.node_id = $1 AND s.vlan_id = $2 AND family(a.ip) = 4 AND i.enabled"
    " ORDER BY a.id LIMIT 1"};
const db::Statement kSubnets{
    "dhcp_subnets",
    "SELECT id, cidr::text, host(gateway_ip), array_to_string(dns_servers, ' ')"
    " FROM subnets WHERE vlan_id = $1 AND family(cidr) = 4 ORDER BY id"};
const db::Statement kRanges{"dhcp_ranges",
                            "SELECT type, host(start_ip), host(end_ip) FROM ipranges"
                            " WHERE subnet_id = $1 ORDER BY start_ip"};
const db::Statement kNode{"dhcp_node",
                          "SELECT id FROM nodes WHERE system_id = $1 AND node_type IN (2, 4)"};
const db::Statement kStatus{
    "dhcp_status",
    "INSERT INTO services (node_id, name, status, status_info) VALUES ($1, 'dhcpd', $2, $3)"
    " ON CONFLICT (node_id, name) DO UPDATE SET status = excluded.status,"
    " status_info = excluded.status_info"};
const db::Statement kLeaseCommit{
    "dhcp_lease_commit",
    "INSERT INTO dhcp_leases (ip, mac_address, hostname, subnet_id, rack_node_id, expires)"
    " VALUES ($1::inet, $2, $3, (SELECT id FROM subnets WHERE cidr >>= $1::inet"
    "  ORDER BY masklen(cidr) DESC LIMIT 1), $4, to_timestamp($5))"
    " ON CONFLICT (ip) DO UPDATE SET mac_address = excluded.mac_address,"
    " hostname = excluded.hostname, subnet_id = excluded.subnet_id,"
    " rack_node_id = excluded.rack_node_id, expires = excluded.expires, updated = now()"};
const db::Statement kLeaseGone{"dhcp_lease_gone",
                               "DELETE FROM dhcp_leases WHERE ip = $1::inet AND mac_address = $2"};

// The row is created on a rack's first sequenced batch and locked for the transaction, so two
// workers given the same batch (a resend after a lost link) apply it once between them.
const db::Statement kSpoolCreate{
    "lease_spool_create",
    "INSERT INTO rack_lease_spools (rack_node_id, spool, applied_seq) VALUES ($1, $2, 0)"
    " ON CONFLICT (rack_node_id) DO NOTHING"};
const db::Statement kSpoolLock{
    "lease_spool_lock",
    "SELECT spool, applied_seq FROM rack_lease_spools WHERE rack_node_id = $1 FOR UPDATE"};
const db::Statement kSpoolApplied{
    "lease_spool_applied",
    "UPDATE rack_lease_spools SET spool = $2, applied_seq = $3 WHERE rack_node_id = $1"};

std::string num(int64_t v) {
    return std::to_string(v);
}

std::vector<std::string> words(const std::string& text) {
    std::istringstream in(text);
    std::vector<std::string> out;
    for (std::string w; in >> w;)
        out.push_back(w);
    return out;
}

/// The node id of a registered rack, or DirectoryError(rack-deleted).
int64_t rackNode(db::Connection& conn, const std::string& system_id) {
    const auto r = conn.exec(kNode, {system_id});
    if (r.rows() == 0)
        throw DirectoryError(mr::code::kRackDeleted,
                             "rack controller " + system_id + " was deleted");
    return r.integer(0, 0);
}

}  // namespace

std::vector<VlanDuty> loadDhcpDuties(db::Connection& conn, const std::string& system_id) {
    std::vector<VlanDuty> duties;
    const auto rows = conn.exec(kDuties, {system_id});
    for (int i = 0; i < rows.rows(); ++i) {
        VlanDuty d;
        d.vlan_id = rows.integer(i, 0);
        d.vlan_name = rows.text(i, 1);
        d.primary = rows.boolean(i, 2);
        const auto own = conn.exec(kAddressOnVlan, {rows.text(i, 3), num(d.vlan_id)});
        if (own.rows() > 0) {
            d.interface = own.text(0, 0);
            d.own_address = own.text(0, 1);
        }
        if (const auto partner = rows.optInteger(i, 4)) {
            const auto peer = conn.exec(kAddressOnVlan, {num(*partner), num(d.vlan_id)});
            if (peer.rows() > 0)
                d.peer_address = peer.text(0, 1);
        }
        const auto subnets = conn.exec(kSubnets, {num(d.vlan_id)});
        for (int s = 0; s < subnets.rows(); ++s) {
            region::dhcp::DhcpSubnet subnet;
            subnet.id = subnets.integer(s, 0);
            subnet.cidr = subnets.text(s, 1);
            subnet.gateway_ip = subnets.optText(s, 2);
            subnet.dns_servers = words(subnets.text(s, 3));
            const auto ranges = conn.exec(kRanges, {num(subnet.id)});
            for (int r = 0; r < ranges.rows(); ++r) {
                auto& into =
                    ranges.text(r, 0) == "dynamic" ? subnet.dynamic_ranges : subnet.reserved_ranges;
                into.push_back({ranges.text(r, 1), ranges.text(r, 2)});
            }
            d.subnets.push_back(std::move(subnet));
        }
        duties.push_back(std::move(d));
    }
    return duties;
}

int64_t DbDhcpSource::generation() {
    std::lock_guard lock(cache_mutex_);
    const auto now = std::chrono::steady_clock::now();
    if (cached_generation_ == 0 || now - cached_at_ > kGenerationCacheTtl) {
        try {
            auto lease = pool_.acquire();
            cached_generation_ = lease->exec(kGeneration, {}).integer(0, 0);
            cached_at_ = now;
        } catch (const std::exception&) {
            // Keep the last value: the rack asks again on its next heartbeat.
        }
    }
    return cached_generation_;
}

mr::DhcpConfigResult DbDhcpSource::config(const std::string& system_id,
                                          const mr::GetDhcpConfigArgs& args) {
    try {
        auto lease = pool_.acquire();
        db::Transaction tx(*lease);
        // One snapshot: the generation returned is exactly the one the data belongs to.
        lease->exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
        mr::DhcpConfigResult out;
        out.generation = lease->exec(kGeneration, {}).integer(0, 0);
        rackNode(*lease, system_id);
        const auto built = region::dhcp::buildKeaConfig(
            loadDhcpDuties(*lease, system_id),
            {args.data_dir, args.lease_cmds_library, args.ha_hook_library, args.secret_file,
             args.event_socket},
            policy_);
        tx.commit();
        out.serving = built.serving;
        out.config = built.json;
        out.warnings = built.warnings;
        return out;
    } catch (const DirectoryError&) {
        throw;
    } catch (const std::exception&) {
        throw DirectoryError(mr::code::kInternal, "database error; retry");
    }
}

void DbDhcpSource::reportStatus(const std::string& system_id, const mr::DhcpStatusArgs& status) {
    try {
        auto lease = pool_.acquire();
        lease->exec(kStatus, {num(rackNode(*lease, system_id)), status.status, status.info});
    } catch (const DirectoryError&) {
        throw;
    } catch (const std::exception&) {
        throw DirectoryError(mr::code::kInternal, "database error; retry");
    }
}

int64_t DbDhcpSource::recordLeases(const std::string& system_id,
                                   const mr::LeaseEventsArgs& events) {
    try {
        auto lease = pool_.acquire();
        db::Transaction tx(*lease);
        const auto node = num(rackNode(*lease, system_id));
        int64_t applied = 0;
        if (events.first_seq > 0) {
            lease->exec(kSpoolCreate, {node, events.spool});
            const auto row = lease->exec(kSpoolLock, {node});
            if (row.rows() > 0 && row.text(0, 0) == events.spool)
                applied = row.integer(0, 1);
        }
        const auto skip = mr::leaseEventsAlreadyApplied(events, applied);
        for (size_t i = skip; i < events.events.size(); ++i) {
            const auto& e = events.events[i];
            if (e.action == "commit")
                lease->exec(kLeaseCommit, {e.ip, e.mac, e.hostname, node, num(e.expires)});
            else
                lease->exec(kLeaseGone, {e.ip, e.mac});
        }
        if (events.first_seq > 0) {
            const auto last = events.first_seq + static_cast<int64_t>(events.events.size()) - 1;
            applied = std::max(applied, last);
            lease->exec(kSpoolApplied, {node, events.spool, num(applied)});
        }
        tx.commit();
        return applied;
    } catch (const db::PgError& e) {
        if (e.sqlstate().rfind("22", 0) == 0)  // data exception: a bad address in the batch
            throw DirectoryError(mr::code::kBadRequest, std::string("lease events: ") + e.what());
        throw DirectoryError(mr::code::kInternal, "database error; retry");
    } catch (const DirectoryError&) {
        throw;
    } catch (const std::exception&) {
        throw DirectoryError(mr::code::kInternal, "database error; retry");
    }
}

}  // namespace maas::region::rpc
