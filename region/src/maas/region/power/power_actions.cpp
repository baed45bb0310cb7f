#include "maas/region/power/power_actions.h"

#include <Poco/JSON/Object.h>

#include "maas/region/api/errors.h"
#include "maas/region/api/shapes.h"
#include "maas/region/power/bmc.h"
#include "maas/region/power/power_store.h"
#include "maas/region/store/node_store.h"

namespace maas::region::power {

namespace mr = maas::rpc;

namespace {

api::Node loadMachine(const api::Call& call) {
    auto node = store::NodeStore(call.db()).find(call.pathParam("system_id"), store::kMachineTypes);
    if (!node)
        throw api::notFound("Machine");
    return *node;
}

/// Runs the command and records what it taught us; throws ApiError(503) on failure.
PowerOutcome perform(const api::Call& call, const api::Node& machine, const std::string& command,
                     const std::string& verb, const RackCaller& caller,
                     std::chrono::milliseconds timeout) {
    mr::PowerArgs args;
    try {
        args = powerArgs(machine.system_id, machine.power_type, machine.power_parameters_json);
    } catch (const std::invalid_argument& e) {
        throw api::ApiError(503, "Unable to " + verb + " " + machine.hostname + ": " + e.what());
    }
    PowerStore store(call.db());
    const auto racks = store.liveRacks();
    auto outcome = runPowerCommand(racks, args, command, caller, timeout);
    if (!outcome.ok)
        throw api::ApiError(503,
                            "Unable to " + verb + " " + machine.hostname + ": " + outcome.error);
    store.recordRoute(outcome.rack->system_id, bmcTarget(args).address);
    store.setPowerState(machine.system_id, outcome.state);
    return outcome;
}

http::Response machineAfter(const api::Call& call, const std::string& system_id) {
    auto node = store::NodeStore(call.db()).find(system_id, store::kMachineTypes);
    std::vector<api::Node> one{*node};
    attachPowerRacks(call.db(), one);
    return http::Response::json(api::toJson(api::nodeJson(one.front(), "machines")));
}

}  // namespace

void registerPowerActions(api::ActionMap& map, RackCaller caller,
                          std::chrono::milliseconds timeout) {
    map["MachineHandler.power_on"] = {[caller, timeout](const api::Call& call) {
        const auto machine = loadMachine(call);
        perform(call, machine, mr::command::kPowerOn, "power on", caller, timeout);
        return machineAfter(call, machine.system_id);
    }};
    map["MachineHandler.power_off"] = {[caller, timeout](const api::Call& call) {
        const auto machine = loadMachine(call);
        perform(call, machine, mr::command::kPowerOff, "power off", caller, timeout);
        return machineAfter(call, machine.system_id);
    }};
    map["MachineHandler.query_power_state"] = {[caller, timeout](const api::Call& call) {
        const auto machine = loadMachine(call);
        const auto outcome = perform(call, machine, mr::command::kPowerQuery,
                                     "query the power state of", caller, timeout);
        Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
        o->set("state", outcome.state);
        return http::Response::json(api::toJson(o));
    }};
}

void attachPowerRacks(db::Connection& conn, std::vector<api::Node>& machines) {
    const auto racks = PowerStore(conn).liveRacks();
    if (racks.empty())
        return;
    for (auto& m : machines) {
        try {
            const auto args = powerArgs(m.system_id, m.power_type, m.power_parameters_json);
            const auto& owner = racks[ownerOrder(racks, bmcTarget(args)).front()];
            m.power_rack = api::RackRef{owner.system_id, owner.hostname};
        } catch (const std::invalid_argument&) {
        }
    }
}

}  // namespace maas::region::power
