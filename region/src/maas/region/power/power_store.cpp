#include "maas/region/power/power_store.h"

#include "maas/region/power/bmc.h"

namespace maas::region::power {

namespace {

const db::Statement kLiveRacks{
    "power_live_racks",
    "SELECT n.system_id, n.hostname FROM nodes n WHERE n.node_type IN (2, 4) AND EXISTS ("
    " SELECT 1 FROM rack_connections c WHERE c.rack_node_id = n.id"
    " AND c.heartbeat > now() - make_interval(secs => $1)) ORDER BY n.system_id"};
const db::Statement kRackNetworks{
    "power_rack_networks",
    "SELECT n.system_id, host(a.ip), masklen(a.ip) FROM interface_addresses a"
    " JOIN interfaces i ON i.id = a.interface_id JOIN nodes n ON n.id = i.node_id"
    " WHERE n.node_type IN (2, 4) AND i.enabled"};
const db::Statement kRoutes{"power_routes",
                            "SELECT n.system_id, r.bmc_address FROM bmc_routes r"
                            " JOIN nodes n ON n.id = r.rack_node_id"};
const db::Statement kRecordRoute{
    "power_record_route",
    "INSERT INTO bmc_routes (rack_node_id, bmc_address) SELECT id, $2 FROM nodes"
    " WHERE system_id = $1 AND node_type IN (2, 4) ON CONFLICT DO NOTHING"};
const db::Statement kSetState{"power_set_state",
                              "UPDATE nodes SET power_state = $2 WHERE system_id = $1"
                              " AND node_type = 0 AND power_state <> $2"};
const db::Statement kPollable{
    "power_pollable",
    "SELECT system_id, power_type, power_parameters::text FROM nodes"
    " WHERE node_type = 0 AND power_type IN ('ipmi', 'webhook') ORDER BY system_id"};

}  // namespace

std::vector<RackCandidate> PowerStore::liveRacks(std::chrono::seconds dead_after) {
    std::vector<RackCandidate> racks;
    std::map<std::string, size_t> index;
    const auto live = conn_.exec(kLiveRacks, {std::to_string(dead_after.count())});
    for (int i = 0; i < live.rows(); ++i) {
        index[live.text(i, 0)] = racks.size();
        racks.push_back({live.text(i, 0), live.text(i, 1), {}, {}});
    }
    if (racks.empty()) {
        return racks;
    }
    const auto nets = conn_.exec(kRackNetworks, {});
    for (int i = 0; i < nets.rows(); ++i) {
        auto it = index.find(nets.text(i, 0));
        const auto ip = net::IpAddress::parse(nets.text(i, 1));
        if (it == index.end() || !ip) {
            continue;
        }
        const int prefix = static_cast<int>(nets.integer(i, 2));
        racks[it->second].networks.push_back({net::maskAddress(*ip, prefix), prefix});
    }
    const auto routes = conn_.exec(kRoutes, {});
    for (int i = 0; i < routes.rows(); ++i) {
        if (auto it = index.find(routes.text(i, 0)); it != index.end()) {
            racks[it->second].reachable_bmcs.insert(routes.text(i, 1));
        }
    }
    return racks;
}

void PowerStore::recordRoute(const std::string& rack_system_id, const std::string& bmc_address) {
    if (!bmc_address.empty()) {
        conn_.exec(kRecordRoute, {rack_system_id, bmc_address});
    }
}

void PowerStore::setPowerState(const std::string& machine_system_id, const std::string& state) {
    conn_.exec(kSetState, {machine_system_id, state});
}

std::vector<maas::rpc::PowerArgs> PowerStore::pollableMachines() {
    std::vector<maas::rpc::PowerArgs> out;
    const auto rows = conn_.exec(kPollable, {});
    for (int i = 0; i < rows.rows(); ++i) {
        try {
            out.push_back(powerArgs(rows.text(i, 0), rows.text(i, 1), rows.text(i, 2)));
        } catch (const std::invalid_argument&) {
            // Validated on the way in; a hand-edited row is skipped rather than fatal.
        }
    }
    return out;
}

std::map<std::string, const RackCandidate*> owners(const std::vector<RackCandidate>& racks,
                                                   const std::vector<maas::rpc::PowerArgs>& bmcs) {
    std::map<std::string, const RackCandidate*> out;
    if (racks.empty()) {
        return out;
    }
    for (const auto& bmc : bmcs) {
        out[bmc.system_id] = &racks[ownerOrder(racks, bmcTarget(bmc)).front()];
    }
    return out;
}

}  // namespace maas::region::power
