#include "maas/region/api/access_policy.h"
#include "maas/region/api/call.h"
#include "maas/region/api/errors.h"
#include "maas/region/api/fields.h"
#include "maas/region/api/node_filter.h"
#include "maas/region/api/power.h"
#include "maas/region/api/shapes.h"
#include "maas/region/power/power_actions.h"
#include "maas/region/store/node_store.h"

namespace maas::region::api {

namespace {

Node loadMachine(const Call& call) {
    auto node = store::NodeStore(call.db()).find(call.pathParam("system_id"), store::kMachineTypes);
    if (!node)
        throw notFound("Machine");
    return *node;
}

const std::vector<std::string> kArchitectures{"amd64",   "arm64", "armhf",  "i386",
                                              "ppc64el", "s390x", "riscv64"};

}  // namespace

void registerMachineActions(ActionMap& map) {
    map["MachinesHandler.read"] = {[](const Call& call) {
        FieldErrors errors;
        // Filtered, ordered and sliced in SQL; MAAS lists only the machines a user may view
        // (unowned, own; admins see all).
        auto query = machineQuery(call.params, *call.user, errors);
        if (errors.empty())
            power::resolvePowerRack(call.db(), query, errors);
        if (!errors.empty())
            throw badRequest(errors);
        auto page = store::NodeStore(call.db()).query(query);
        power::attachPowerRacks(call.db(), page.nodes);
        auto response = http::Response::json(streamList(
            page.nodes, [](JsonStream& w, const Node& n) { writeNode(w, n, "machines"); }));
        response.headers.emplace_back("X-Total-Count", std::to_string(page.total));
        return response;
    }};
    map["MachinesHandler.create"] = {[](const Call& call) {
        store::NodeStore nodes(call.db());
        FieldErrors errors;
        Node n;
        if (call.user)
            n.owner.emplace(call.user->username);
        const auto arch = call.params.get("architecture").value_or("");
        const auto base = arch.substr(0, arch.find('/'));
        if (arch.empty())
            errors.add("architecture", "Architecture must be defined for installable nodes.");
        else if (std::find(kArchitectures.begin(), kArchitectures.end(), base) ==
                 kArchitectures.end())
            errors.add("architecture",
                       "Select a valid choice. " + arch + " is not one of the available choices.");
        else
            n.architecture = arch.find('/') == std::string::npos ? arch + "/generic" : arch;
        if (auto h = textField(call.params, "hostname", errors)) {
            if (!h->empty() && !validHostname(*h))
                errors.add("hostname",
                           "Hostname must be letters, digits and hyphens, labels at "
                           "most 63 characters.");
            else if (!h->empty() && nodes.hostnameTaken(*h))
                errors.add("hostname", "Node with this Hostname already exists.");
            n.hostname = *h;
        }
        if (auto d = textField(call.params, "description", errors, 1024))
            n.description = *d;
        std::vector<std::string> macs;
        for (const auto& raw : call.params.getAll("mac_addresses")) {
            if (auto mac = normaliseMac(raw))
                macs.push_back(*mac);
            else
                errors.add("mac_addresses", "'" + raw + "' is not a valid MAC address.");
        }
        if (macs.empty() && !errors.fields().contains("mac_addresses"))
            errors.add("mac_addresses", "This field is required.");
        if (!macs.empty())
            for (const auto& taken : nodes.macsInUse(macs))
                errors.add("mac_addresses", "One or more MAC addresses is invalid. ('" + taken +
                                                "' is already in use.)");
        // Power settings are admin-only in MAAS: its form for other users has no power fields,
        // so what they send is ignored and the machine is created with manual power.
        if (call.user->is_superuser) {
            n.power_type = call.params.get("power_type").value_or("manual");
            n.power_parameters_json = checkPowerParameters(n.power_type, call.params, errors);
        } else {
            const http::FormParams none;
            n.power_type = "manual";
            n.power_parameters_json = checkPowerParameters(n.power_type, none, errors);
        }
        if (!errors.empty())
            throw badRequest(errors);
        const auto system_id = nodes.insertMachine(n, macs);
        return http::Response::json(
            toJson(nodeJson(*nodes.find(system_id, store::kMachineTypes), "machines")));
    }};
    map["MachineHandler.read"] = {[](const Call& call) {
        std::vector<Node> one{loadMachine(call)};
        power::attachPowerRacks(call.db(), one);
        return http::Response::json(toJson(nodeJson(one.front(), "machines")));
    }};
    map["MachineHandler.power_parameters"] = {[](const Call& call) {
        return http::Response::json(loadMachine(call).power_parameters_json);
    }};
    map["MachineHandler.delete"] = {[](const Call& call) {
        store::NodeStore(call.db()).deleteNode(loadMachine(call).id);
        return http::Response::text(204, "");
    }};
}

}  // namespace maas::region::api
