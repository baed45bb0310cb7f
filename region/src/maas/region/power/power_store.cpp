#include "maas/region/power/power_store.h"

#include <Poco/JSON/Array.h>

#include <sstream>

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
    " WHERE n.node_type IN (2, 4) AND i.enabled AND a.ip IS NOT NULL"};
const db::Statement kRoutes{"power_routes",
                            "SELECT n.system_id, r.bmc_address FROM bmc_routes r"
                            " JOIN nodes n ON n.id = r.rack_node_id"};
const db::Statement kLearnRoute{
    "power_learn_route",
    "INSERT INTO bmc_routes (rack_node_id, bmc_address) SELECT id, $2 FROM nodes"
    " WHERE system_id = $1 AND node_type IN (2, 4) ON CONFLICT (rack_node_id, bmc_address)"
    " DO UPDATE SET failures = 0, learned = now() WHERE bmc_routes.failures <> 0"};
const db::Statement kRouteFailures{
    "power_route_failures",
    "SELECT r.failures FROM bmc_routes r JOIN nodes n ON n.id = r.rack_node_id"
    " WHERE n.system_id = $1 AND r.bmc_address = $2 FOR UPDATE OF r"};
const db::Statement kSetRouteFailures{
    "power_set_route_failures",
    "UPDATE bmc_routes SET failures = $3 WHERE bmc_address = $2"
    " AND rack_node_id = (SELECT id FROM nodes WHERE system_id = $1)"};
const db::Statement kForgetRoute{"power_forget_route",
                                 "DELETE FROM bmc_routes WHERE bmc_address = $2"
                                 " AND rack_node_id = (SELECT id FROM nodes WHERE system_id = $1)"};
const db::Statement kPowerOf{
    "power_of_machines",
    "SELECT system_id, power_type, power_parameters::text FROM nodes WHERE node_type = 0"
    " AND system_id IN (SELECT jsonb_array_elements_text($1::jsonb))"};
const db::Statement kSetState{"power_set_state",
                              "UPDATE nodes SET power_state = $2 WHERE system_id = $1"
                              " AND node_type = 0 AND power_state <> $2"};
const db::Statement kReportsCreate{
    "power_reports_create",
    "INSERT INTO rack_power_reports (rack_node_id, queue, applied_seq)"
    " SELECT id, $2, 0 FROM nodes WHERE system_id = $1 ON CONFLICT (rack_node_id) DO NOTHING"};
const db::Statement kReportsLock{"power_reports_lock",
                                 "SELECT r.queue, r.applied_seq FROM rack_power_reports r"
                                 " JOIN nodes n ON n.id = r.rack_node_id WHERE n.system_id = $1"
                                 " FOR UPDATE OF r"};
const db::Statement kReportsApplied{
    "power_reports_applied",
    "UPDATE rack_power_reports r SET queue = $2, applied_seq = $3"
    " FROM nodes n WHERE n.id = r.rack_node_id AND n.system_id = $1"};
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

void PowerStore::applyRoutes(const std::string& rack_system_id, const RouteObservations& seen) {
    for (const auto& address : seen.reached) {
        conn_.exec(kLearnRoute, {rack_system_id, address});
    }
    for (const auto& address : seen.failed) {
        const auto known = conn_.exec(kRouteFailures, {rack_system_id, address});
        if (known.rows() == 0) {
            continue;  // nothing learned, nothing to forget
        }
        const auto step = nextRouteStep(static_cast<int>(known.integer(0, 0)), false);
        if (step.forget) {
            conn_.exec(kForgetRoute, {rack_system_id, address});
        } else {
            conn_.exec(kSetRouteFailures, {rack_system_id, address, std::to_string(step.failures)});
        }
    }
}

void PowerStore::applyRoutes(const PowerOutcome& outcome, const std::string& bmc_address) {
    if (bmc_address.empty()) {
        return;
    }
    if (outcome.ok) {
        applyRoutes(outcome.rack->system_id, {{bmc_address}, {}});
    }
    for (const auto* rack : outcome.bmc_failed) {
        applyRoutes(rack->system_id, {{}, {bmc_address}});
    }
}

std::map<std::string, std::string> PowerStore::bmcAddresses(
    const std::vector<std::string>& system_ids) {
    Poco::JSON::Array ids;
    for (const auto& id : system_ids) {
        ids.add(id);
    }
    std::ostringstream json;
    ids.stringify(json);
    std::map<std::string, std::string> out;
    const auto rows = conn_.exec(kPowerOf, {json.str()});
    for (int i = 0; i < rows.rows(); ++i) {
        try {
            const auto address =
                bmcTarget(powerArgs(rows.text(i, 0), rows.text(i, 1), rows.text(i, 2))).address;
            if (!address.empty()) {
                out[rows.text(i, 0)] = address;
            }
        } catch (const std::invalid_argument&) {
        }
    }
    return out;
}

void PowerStore::setPowerState(const std::string& machine_system_id, const std::string& state) {
    conn_.exec(kSetState, {machine_system_id, state});
}

bool PowerStore::claimReport(const std::string& rack_system_id, const std::string& queue,
                             int64_t seq) {
    conn_.exec(kReportsCreate, {rack_system_id, queue});
    const auto row = conn_.exec(kReportsLock, {rack_system_id});
    if (row.rows() == 0) {
        return true;
    }
    if (row.text(0, 0) == queue && seq <= row.integer(0, 1)) {
        return false;
    }
    conn_.exec(kReportsApplied, {rack_system_id, queue, std::to_string(seq)});
    return true;
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
