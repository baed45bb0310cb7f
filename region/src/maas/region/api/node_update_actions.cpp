// `machine update` and `rack-controller update`, as MAAS's machine and controller forms: the
// fields given change, power parameters merge into the current ones while the power type
// stays (a new power type starts afresh), every problem is field-keyed and nothing is written
// on a refusal.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>

#include "maas/region/api/call.h"
#include "maas/region/api/errors.h"
#include "maas/region/api/fields.h"
#include "maas/region/api/power.h"
#include "maas/region/api/shapes.h"
#include "maas/region/power/power_actions.h"
#include "maas/region/store/node_store.h"

namespace maas::region::api {

namespace {

Node loadNode(const Call& call, const std::set<int>& types, const char* model) {
    auto node = store::NodeStore(call.db()).find(call.pathParam("system_id"), types);
    if (!node)
        throw notFound(model);
    return *node;
}

/// The request's power settings over the node's current ones (same power type), as form keys.
http::FormParams mergedPowerParams(const Node& node, const std::string& power_type,
                                   const http::FormParams& request) {
    http::FormParams merged;
    if (power_type == node.power_type) {
        const auto current = Poco::JSON::Parser()
                                 .parse(node.power_parameters_json)
                                 .extract<Poco::JSON::Object::Ptr>();
        for (const auto& key : current->getNames()) {
            if (request.has("power_parameters_" + key))
                continue;
            const auto value = current->get(key);
            if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
                for (const auto& item : *value.extract<Poco::JSON::Array::Ptr>())
                    merged.add("power_parameters_" + key, item.convert<std::string>());
            } else {
                merged.add("power_parameters_" + key, value.toString());
            }
        }
    }
    for (const auto& [k, v] : request.items())
        if (k.starts_with("power_parameters"))
            merged.add(k, v);
    return merged;
}

/// Applies description and power settings (and hostname when allowed) to node.
void applyFields(const Call& call, Node& node, bool hostname_allowed) {
    FieldErrors errors;
    if (hostname_allowed) {
        if (auto h = textField(call.params, "hostname", errors); h && *h != node.hostname) {
            if (!validHostname(*h))
                errors.add("hostname",
                           "Hostname must be letters, digits and hyphens, labels at most 63 "
                           "characters.");
            else if (store::NodeStore(call.db()).hostnameTaken(*h))
                errors.add("hostname", "Node with this Hostname already exists.");
            node.hostname = *h;
        }
    }
    if (auto d = textField(call.params, "description", errors, 1024))
        node.description = *d;
    const auto power_type = call.params.get("power_type").value_or(node.power_type);
    const bool power_given =
        call.params.has("power_type") ||
        std::any_of(call.params.items().begin(), call.params.items().end(),
                    [](const auto& kv) { return kv.first.starts_with("power_parameters"); });
    if (power_given) {
        const auto type = power_type.empty() ? std::string("manual") : power_type;
        node.power_parameters_json =
            checkPowerParameters(type, mergedPowerParams(node, type, call.params), errors);
        node.power_type = type;
    }
    if (!errors.empty())
        throw badRequest(errors);
}

}  // namespace

void registerNodeUpdateActions(ActionMap& map) {
    map["MachineHandler.update"] = {[](const Call& call) {
        auto node = loadNode(call, store::kMachineTypes, "Machine");
        applyFields(call, node, true);
        store::NodeStore(call.db()).updateNode(node);
        std::vector<Node> one{
            *store::NodeStore(call.db()).find(node.system_id, store::kMachineTypes)};
        power::attachPowerRacks(call.db(), one);
        return http::Response::json(toJson(nodeJson(one.front(), "machines")));
    }};
    map["RackControllerHandler.update"] = {[](const Call& call) {
        auto node = loadNode(call, store::kRackTypes, "RackController");
        // A rack reports its own hostname; MAAS's controller form has no hostname either.
        applyFields(call, node, false);
        store::NodeStore(call.db()).updateNode(node);
        return http::Response::json(
            toJson(nodeJson(*store::NodeStore(call.db()).find(node.system_id, store::kRackTypes),
                            "rackcontrollers")));
    }};
}

}  // namespace maas::region::api
