#include "maas/region/power/power_actions.h"

#include <Poco/JSON/Object.h>

#include <algorithm>

#include "maas/region/api/audit.h"
#include "maas/region/api/errors.h"
#include "maas/region/api/shapes.h"
#include "maas/region/power/bmc.h"
#include "maas/region/power/power_store.h"
#include "maas/region/store/node_store.h"

namespace maas::region::power {

namespace mr = maas::rpc;

namespace {

/// What a power call needs from the database, read in one short transaction.
struct PowerPlan {
    api::Node machine;
    std::vector<RackCandidate> racks;
};

std::optional<api::Node> findMachine(db::Connection& conn, const std::string& system_id) {
    return store::NodeStore(conn).find(system_id, store::kMachineTypes);
}

// Both transactions run again on a fresh connection when the database went away meanwhile
// (the call may have waited seconds on a rack): reading is always safe to repeat, recording
// only when its COMMIT was never sent (db::RetryPolicy).
const db::RetryPolicy kRetry;

PowerPlan readPlan(db::Pool& pool, const std::string& system_id) {
    return db::inTransactionRetrying(pool, kRetry, "GET", [&](db::Connection& conn) {
        auto machine = findMachine(conn, system_id);
        if (!machine)
            throw api::notFound("Machine");
        return PowerPlan{*machine, PowerStore(conn).liveRacks()};
    });
}

/// Reads, calls the racks with no connection held (a slow BMC must not starve the API of the
/// worker's few pooled connections), then records what the call taught us in a second short
/// transaction; `answer` builds the response inside it. Throws ApiError(503) on failure.
http::Response perform(const api::Call& call, const std::string& command, const std::string& verb,
                       const RackCaller& caller, std::chrono::milliseconds timeout,
                       const std::function<http::Response(db::Connection&, const api::Node&,
                                                          const PowerOutcome&)>& answer) {
    const auto plan = readPlan(*call.pool, call.pathParam("system_id"));
    const auto& machine = plan.machine;
    mr::PowerArgs args;
    try {
        args = powerArgs(machine.system_id, machine.power_type, machine.power_parameters_json);
    } catch (const std::invalid_argument& e) {
        throw api::ApiError(503, "Unable to " + verb + " " + machine.hostname + ": " + e.what());
    }
    const auto outcome = runPowerCommand(plan.racks, args, command, caller, timeout);
    const auto address = bmcTarget(args).address;
    if (!outcome.ok) {
        db::inTransactionRetrying(*call.pool, kRetry, "POST", [&](db::Connection& conn) {
            PowerStore(conn).applyRoutes(outcome, address);
            api::recordCallEvent(
                conn, call, db::event_types::kPowerFailed,
                "Unable to " + verb + " " + machine.hostname + ": " + outcome.error,
                machine.system_id, machine.hostname);
        });
        throw api::ApiError(503,
                            "Unable to " + verb + " " + machine.hostname + ": " + outcome.error);
    }
    return db::inTransactionRetrying(*call.pool, kRetry, "POST", [&](db::Connection& conn) {
        PowerStore store(conn);
        store.applyRoutes(outcome, address);
        store.setPowerState(machine.system_id, outcome.state);
        // Who switched a machine is audited; a query changes nothing and is not.
        if (command != mr::command::kPowerQuery)
            api::recordCallEvent(
                conn, call, db::event_types::kNode,
                std::string(command == mr::command::kPowerOn ? "Powered on '" : "Powered off '") +
                    machine.hostname + "'.",
                machine.system_id, machine.hostname);
        return answer(conn, machine, outcome);
    });
}

http::Response machineAfter(db::Connection& conn, const api::Node& machine, const PowerOutcome&) {
    auto node = findMachine(conn, machine.system_id);
    if (!node)  // deleted while the rack worked
        throw api::notFound("Machine");
    std::vector<api::Node> one{*node};
    attachPowerRacks(conn, one);
    return http::Response::json(api::toJson(api::nodeJson(one.front(), "machines")));
}

http::Response stateAnswer(db::Connection&, const api::Node&, const PowerOutcome& outcome) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("state", outcome.state);
    return http::Response::json(api::toJson(o));
}

}  // namespace

void registerPowerActions(api::ActionMap& map, RackCaller caller,
                          std::chrono::milliseconds timeout) {
    auto action = [caller, timeout](const char* command, std::string verb, auto answer) {
        api::ActionImpl impl{[=](const api::Call& call) {
            return perform(call, command, verb, caller, timeout, answer);
        }};
        impl.own_transactions = true;
        return impl;
    };
    map["MachineHandler.power_on"] = action(mr::command::kPowerOn, "power on", machineAfter);
    map["MachineHandler.power_off"] = action(mr::command::kPowerOff, "power off", machineAfter);
    map["MachineHandler.query_power_state"] =
        action(mr::command::kPowerQuery, "query the power state of", stateAnswer);
}

namespace {

/// The live rack that owns a machine's BMC now; nullopt without live racks or usable settings.
const RackCandidate* ownerOf(const std::vector<RackCandidate>& racks, const std::string& system_id,
                             const std::string& power_type, const std::string& parameters) {
    if (racks.empty())
        return nullptr;
    try {
        const auto args = powerArgs(system_id, power_type, parameters);
        return &racks[ownerOrder(racks, bmcTarget(args)).front()];
    } catch (const std::invalid_argument&) {
        return nullptr;
    }
}

}  // namespace

void attachPowerRacks(db::Connection& conn, std::vector<api::Node>& machines) {
    const auto racks = PowerStore(conn).liveRacks();
    for (auto& m : machines)
        if (const auto* owner = ownerOf(racks, m.system_id, m.power_type, m.power_parameters_json))
            m.power_rack = api::RackRef{owner->system_id, owner->hostname};
}

void resolvePowerRack(db::Connection& conn, store::NodeQuery& query, api::FieldErrors& errors) {
    if (!query.power_rack)
        return;
    store::NodeStore nodes(conn);
    const auto rack = nodes.rackSystemId(*query.power_rack);
    if (!rack) {
        errors.add("power_rack",
                   "'" + query.power_rack->substr(0, 64) + "' is not a rack controller.");
        return;
    }
    const auto racks = PowerStore(conn).liveRacks();
    const bool live = std::any_of(racks.begin(), racks.end(),
                                  [&](const RackCandidate& r) { return r.system_id == *rack; });
    // Read before the restriction is set: it would filter the very rows it is built from.
    const auto rows = live ? nodes.powerRows(query) : std::vector<store::PowerRow>{};
    query.managed_ids.emplace();  // a dead rack drives no BMC: an empty set
    for (const auto& m : rows) {
        const auto* owner = ownerOf(racks, m.system_id, m.power_type, m.power_parameters_json);
        if (owner && owner->system_id == *rack)
            query.managed_ids->push_back(m.system_id);
    }
}

}  // namespace maas::region::power
