#include "maas/region/api/access_policy.h"
#include "maas/region/api/audit.h"
#include "maas/region/api/call.h"
#include "maas/region/api/errors.h"
#include "maas/region/api/fields.h"
#include "maas/region/api/node_filter.h"
#include "maas/region/api/shapes.h"
#include "maas/region/dhcp/rack_vlans.h"
#include "maas/region/store/node_store.h"

namespace maas::region::api {

namespace {

http::Response listNodes(const Call& call, const std::set<int>& types, const char* collection) {
    const auto nodes = filterNodes(store::NodeStore(call.db()).list(types), call.params);
    return http::Response::json(
        listJson(nodes, [collection](const Node& n) { return nodeJson(n, collection); }));
}

Node findNode(const Call& call, const std::set<int>& types, const char* model) {
    auto node = store::NodeStore(call.db()).find(call.pathParam("system_id"), types);
    if (!node)
        throw notFound(model);
    return *node;
}

}  // namespace

void registerControllerActions(ActionMap& map) {
    map["RackControllersHandler.read"] = {
        [](const Call& call) { return listNodes(call, store::kRackTypes, "rackcontrollers"); }};
    map["RackControllerHandler.read"] = {[](const Call& call) {
        return http::Response::json(toJson(
            nodeJson(findNode(call, store::kRackTypes, "RackController"), "rackcontrollers")));
    }};
    map["RackControllerHandler.delete"] = {[](const Call& call) {
        const auto node = findNode(call, store::kRackTypes, "RackController");
        FieldErrors errors;
        const bool force = boolField(call.params, "force", errors).value_or(false);
        if (!errors.empty())
            throw badRequest(errors);
        dhcp::RackVlans duties(call.db());
        const auto served = duties.dhcpDutiesOf(node.id);
        if (!served.empty() && !force)
            throw badRequestText(dhcp::rackDeleteRefusal(node.hostname, served));
        duties.releaseDhcpDuties(node.id);
        store::NodeStore nodes(call.db());
        // A region+rack keeps its region role; only the rack part goes (its connections and
        // services too, so its next heartbeat learns it was deleted).
        if (node.node_type == kRegionAndRackController) {
            nodes.removeRackRole(node.id);
            nodes.setNodeType(node.id, kRegionController);
        } else {
            nodes.deleteNode(node.id);
        }
        // Every worker holding one of its connections sends StopRack now (worker.cpp).
        nodes.announceRackDeleted(node.system_id);
        recordCallEvent(call.db(), call, db::event_types::kNode,
                        "Deleted rack controller '" + node.hostname + "'" +
                            (served.empty() ? "." : " (forced: its DHCP duties were released)."),
                        node.system_id, node.hostname);
        return http::Response::text(204, "");
    }};
    map["NodesHandler.read"] = {[](const Call& call) {
        auto nodes = filterNodes(store::NodeStore(call.db()).list(store::kAllTypes), call.params);
        // As MAAS: other users' machines are not listed to a non-admin.
        std::erase_if(nodes, [&](const Node& n) {
            return n.node_type == kMachine && !mayUseMachine(*call.user, n.owner);
        });
        return http::Response::json(listJson(nodes, [](const Node& n) {
            const char* collection = n.node_type == kMachine            ? "machines"
                                     : n.node_type == kRegionController ? "regioncontrollers"
                                     : n.node_type == kDevice           ? "devices"
                                                                        : "rackcontrollers";
            return nodeJson(n, collection);
        }));
    }};
    map["RegionControllersHandler.read"] = {
        [](const Call& call) { return listNodes(call, store::kRegionTypes, "regioncontrollers"); }};
    map["RegionControllerHandler.read"] = {[](const Call& call) {
        return http::Response::json(toJson(nodeJson(
            findNode(call, store::kRegionTypes, "RegionController"), "regioncontrollers")));
    }};
    map["RegionControllerHandler.delete"] = {[](const Call& call) {
        const auto node = findNode(call, store::kRegionTypes, "RegionController");
        store::NodeStore nodes(call.db());
        if (nodes.regionRunning(node.id, call.site.stale_seconds))
            throw badRequestText("Unable to delete " + node.hostname +
                                 " as it's currently running.");
        // A dead region's worker rows go too (a region+rack keeps its node for the rack role),
        // and every worker tells its racks to rediscover, so they drop its endpoints now.
        nodes.removeRegionProcesses(node.id);
        if (node.node_type == kRegionAndRackController)
            nodes.setNodeType(node.id, kRackController);
        else
            nodes.deleteNode(node.id);
        nodes.announceRegionsChanged();
        return http::Response::text(204, "");
    }};
}

}  // namespace maas::region::api
