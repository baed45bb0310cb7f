// Interfaces of any node (controllers and machines): nodes/{system_id}/interfaces/[{id}/].
#include <cstdint>
#include <set>

#include "maas/region/api/call.h"
#include "maas/region/api/errors.h"
#include "maas/region/api/fields.h"
#include "maas/region/api/shapes.h"
#include "maas/region/store/network_store.h"
#include "maas/region/store/node_store.h"

namespace maas::region::api {

namespace {

Node findNode(const Call& call) {
    auto node = store::NodeStore(call.db()).find(call.pathParam("system_id"), store::kAllTypes);
    if (!node)
        throw notFound("Node");
    return *node;
}

const Interface& findInterface(const Node& node, const Call& call) {
    const auto id = pathId(call.pathParam("id"), "Interface");
    for (const auto& i : node.interfaces)
        if (i.id == id)
            return i;
    throw notFound("Interface");
}

http::Response interfaceResponse(const Call& call) {
    const auto node = findNode(call);
    return http::Response::json(toJson(interfaceJson(findInterface(node, call), node.system_id)));
}

/// `vlan=<id>` moves the interface to that VLAN and pins it there: the rack's next interface
/// report keeps the operator's choice. Refusals change nothing.
http::Response updateInterface(const Call& call) {
    const auto node = findNode(call);
    const auto& iface = findInterface(node, call);
    FieldErrors errors;
    const auto vlan_id = intField(call.params, "vlan", errors, 0, INT64_MAX);
    if (!errors.empty())
        throw badRequest(errors);
    if (vlan_id) {
        if (!store::NetworkStore(call.db()).vlanById(*vlan_id))
            throw badRequest("vlan",
                             "Select a valid choice. That choice is not one of the available "
                             "choices.");
        store::NodeStore(call.db()).setInterfaceVlan(node.id, iface.id, *vlan_id);
    }
    return interfaceResponse(call);
}

}  // namespace

void registerInterfaceActions(ActionMap& map) {
    map["InterfacesHandler.read"] = {[](const Call& call) {
        const auto node = findNode(call);
        Poco::JSON::Array out;
        for (const auto& i : node.interfaces)
            out.add(interfaceJson(i, node.system_id));
        return http::Response::json(toJson(out));
    }};
    map["InterfaceHandler.read"] = {interfaceResponse};
    map["InterfaceHandler.update"] = {updateInterface};
}

}  // namespace maas::region::api
