#include "maas/region/api/audit.h"
#include "maas/region/api/call.h"
#include "maas/region/api/errors.h"
#include "maas/region/api/fields.h"
#include "maas/region/api/shapes.h"
#include "maas/region/dhcp/ha_view_store.h"
#include "maas/region/dhcp/rack_vlans.h"
#include "maas/region/store/network_store.h"

namespace maas::region::api {

namespace {

bool validName(const std::string& name) {
    if (name.empty() || name.size() > 255)
        return false;
    for (char c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
            return false;
    return true;
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items)
        out += (out.empty() ? "" : ", ") + i;
    return out;
}

Fabric loadFabric(store::NetworkStore& net, const Call& call, const std::string& param) {
    auto fabric = net.fabricBySpecifier(call.pathParam(param));
    if (!fabric)
        throw notFound("Fabric");
    return *fabric;
}

// A VLAN read carries its DHCP HA state (`dhcp_ha`, null without a secondary rack).
Poco::JSON::Object::Ptr vlanWithHa(const Call& call, const Vlan& vlan) {
    auto o = vlanJson(vlan);
    const auto views = dhcp::loadHaViews(call.db(), vlan.id);
    if (views.empty())
        o->set("dhcp_ha", Poco::Dynamic::Var());
    else
        o->set("dhcp_ha", dhcp::dhcpHaJson(views.front()));
    return o;
}

Vlan loadVlan(store::NetworkStore& net, const Call& call) {
    const auto fabric = loadFabric(net, call, "fabric_id");
    // A VLAN by vid, or by name within its fabric ("untagged" for vid 0 when unnamed).
    const auto& spec = call.pathParam("vid");
    const auto vid = parseInteger(spec);
    auto vlan = vid && *vid >= 0 && *vid <= 4094 ? net.vlan(fabric.id, static_cast<int>(*vid))
                                                 : std::nullopt;
    if (!vid)
        for (auto& candidate : net.vlans(fabric.id))
            if (candidate.name == spec ||
                (!candidate.name && candidate.vid == 0 && spec == "untagged"))
                vlan = candidate;
    if (!vlan)
        throw notFound("VLAN");
    return *vlan;
}

/// Applies name/description/class_type from the form to a fabric; throws 400 on bad input.
void applyFabricFields(const Call& call, Fabric& f) {
    FieldErrors errors;
    if (auto name = textField(call.params, "name", errors)) {
        if (!name->empty() && !validName(*name))
            errors.add("name",
                       "Name contains disallowed characters (allowed: letters, digits, "
                       "'-', '_', '.').");
        f.name = *name;
    }
    if (auto d = textField(call.params, "description", errors, 1024))
        f.description = *d;
    if (auto c = textField(call.params, "class_type", errors))
        f.class_type = c->empty() ? std::nullopt : std::optional<std::string>(*c);
    if (!errors.empty())
        throw badRequest(errors);
}

http::Response fabricResponse(store::NetworkStore& net, int64_t id) {
    return http::Response::json(toJson(fabricJson(*net.fabric(id))));
}

/// Turns a unique-name violation into MAAS's field error.
template <typename Fn>
auto uniqueOr400(const std::string& field, const std::string& message, Fn fn) {
    try {
        return fn();
    } catch (const db::PgError& e) {
        if (e.isUniqueViolation())
            throw badRequest(field, message);
        throw;
    }
}

/// A rack (system_id or hostname) with an interface on the VLAN, or a 400 naming the field.
std::optional<std::string> resolveRack(db::Connection& conn, const Vlan& vlan,
                                       const std::string& field, const std::string& value,
                                       FieldErrors& errors) {
    if (value.empty())
        return std::nullopt;
    const auto r = conn.exec(
        "SELECT n.system_id FROM nodes n WHERE (n.system_id = $1 OR n.hostname = $1) "
        "AND n.node_type IN (2, 4) AND EXISTS (SELECT 1 FROM interfaces i "
        "WHERE i.node_id = n.id AND i.vlan_id = $2)",
        {value, std::to_string(vlan.id)});
    if (r.rows() == 0) {
        errors.add(field,
                   "Select a valid choice. " + value + " is not one of the available choices.");
        return std::nullopt;
    }
    return r.text(0, 0);
}

/// The fields creation and update share; vid_min is 1 on create (0 is the default VLAN).
void applyVlanBasics(const Call& call, Vlan& v, FieldErrors& errors, int vid_min) {
    if (auto vid = intField(call.params, "vid", errors, vid_min, 4094))
        v.vid = static_cast<int>(*vid);
    if (auto name = textField(call.params, "name", errors))
        v.name = name->empty() ? std::nullopt : std::optional<std::string>(*name);
    if (auto d = textField(call.params, "description", errors, 1024))
        v.description = *d;
    if (auto mtu = intField(call.params, "mtu", errors, 552, 65535))
        v.mtu = static_cast<int>(*mtu);
    if (auto space = textField(call.params, "space", errors))
        v.space = space->empty() || *space == "undefined" ? std::nullopt
                                                          : std::optional<std::string>(*space);
}

/// MAAS's VLANForm rules for the racks (forms/vlan.py): clearing the primary promotes the
/// secondary; making the secondary the primary drops the secondary unless the request names a
/// new one (a swap, which is allowed); the current primary cannot become the secondary while
/// it stays primary; a new secondary next to an unchanged primary needs that primary's rackd
/// up. Errors are MAAS's words, under __all__ or the field.
void checkRackChoice(const Call& call, const std::optional<std::string>& old_primary,
                     const std::optional<std::string>& old_secondary, bool primary_given,
                     bool secondary_given, Vlan& v, FieldErrors& errors) {
    if (primary_given && !v.primary_rack && v.secondary_rack && !secondary_given) {
        v.primary_rack = v.secondary_rack;
        v.secondary_rack.reset();
    }
    if (primary_given && v.primary_rack && v.primary_rack == old_secondary && !secondary_given)
        v.secondary_rack.reset();
    if (secondary_given && v.secondary_rack && v.secondary_rack == old_primary &&
        v.primary_rack == old_primary) {
        errors.add("__all__", *v.secondary_rack + " is already set as the primary rack controller");
        return;
    }
    if (v.primary_rack && v.secondary_rack && *v.primary_rack == *v.secondary_rack) {
        errors.add("__all__", "The primary and secondary rack must be different");
        return;
    }
    if (!v.primary_rack && v.secondary_rack)
        errors.add("secondary_rack",
                   "A secondary rack controller needs a primary rack "
                   "controller.");
    // A new secondary syncs its leases from the primary, so MAAS wants the primary up.
    if (v.primary_rack && v.primary_rack == old_primary && v.secondary_rack &&
        v.secondary_rack != old_secondary && !dhcp::RackVlans(call.db()).rackAlive(*v.primary_rack))
        errors.add("__all__",
                   "The primary rack controller must be up and running to set a secondary rack "
                   "controller. Without the primary the secondary DHCP service will not be able "
                   "to synchronize, preventing it from responding to DHCP requests.");
}

void applyVlanFields(const Call& call, store::NetworkStore& net, Vlan& v) {
    FieldErrors errors;
    applyVlanBasics(call, v, errors, 0);
    if (auto dhcp = boolField(call.params, "dhcp_on", errors))
        v.dhcp_on = *dhcp;
    if (auto relay = call.params.get("relay_vlan")) {
        if (relay->empty()) {
            v.relay_vlan_id.reset();
        } else if (auto id = parseInteger(*relay); id && net.vlanById(*id) && *id != v.id) {
            v.relay_vlan_id = *id;
        } else {
            errors.add("relay_vlan", "Select a valid choice. " + *relay +
                                         " is not one of the available choices.");
        }
    }
    const auto old_primary = v.primary_rack;
    const auto old_secondary = v.secondary_rack;
    const auto primary = call.params.get("primary_rack");
    const auto secondary = call.params.get("secondary_rack");
    if (primary)
        v.primary_rack = resolveRack(call.db(), v, "primary_rack", *primary, errors);
    if (secondary)
        v.secondary_rack = resolveRack(call.db(), v, "secondary_rack", *secondary, errors);
    if (!errors.empty())
        throw badRequest(errors);
    checkRackChoice(call, old_primary, old_secondary, primary.has_value(), secondary.has_value(), v,
                    errors);
    if (v.dhcp_on && !v.relay_vlan_id) {
        if (!v.primary_rack)
            errors.add("dhcp_on",
                       "dhcp can only be turned on when a primary rack controller is set.");
        else if (!net.hasDynamicRange(v.id))
            errors.add("dhcp_on",
                       "dhcp can only be turned on when a dynamic IP range is "
                       "defined.");
    }
    if (!errors.empty())
        throw badRequest(errors);
}

/// DHCP left on with a primary rack that is not connected: accepted (it may come back, and
/// MAAS accepts it), but the answer says so in `warnings`, so neither the CLI nor the UI
/// reports it as simply done.
Poco::JSON::Array dhcpWarnings(db::Connection& conn, const Vlan& v) {
    Poco::JSON::Array out;
    if (!v.dhcp_on || v.relay_vlan_id || !v.primary_rack)
        return out;
    dhcp::RackVlans racks(conn);
    if (racks.rackAlive(*v.primary_rack))
        return out;
    const auto name = [&](const std::string& system_id) {
        const auto r = conn.exec("SELECT hostname FROM nodes WHERE system_id = $1", {system_id});
        return r.rows() ? r.text(0, 0) : system_id;
    };
    std::string text = "The primary rack controller " + name(*v.primary_rack) +
                       " is not connected to any region controller: ";
    if (v.secondary_rack && racks.rackAlive(*v.secondary_rack))
        text += "the secondary " + name(*v.secondary_rack) +
                " serves DHCP on this VLAN alone until it is back.";
    else
        text += "no rack controller serves DHCP on this VLAN until it is back.";
    out.add(text);
    return out;
}

/// What changed in a VLAN's DHCP, for the audit log; empty when DHCP is untouched.
std::string dhcpChange(db::Connection& conn, const Vlan& before, const Vlan& after) {
    const auto name = after.fabric_name + "." +
                      after.name.value_or(after.vid == 0 ? "untagged" : std::to_string(after.vid));
    const auto hostname = [&](const std::optional<std::string>& system_id) -> std::string {
        if (!system_id)
            return "none";
        const auto r = conn.exec("SELECT hostname FROM nodes WHERE system_id = $1", {*system_id});
        return r.rows() ? r.text(0, 0) : *system_id;
    };
    const auto racks = [&](const Vlan& v) {
        return "primary " + hostname(v.primary_rack) + ", secondary " + hostname(v.secondary_rack);
    };
    std::string out;
    if (before.dhcp_on != after.dhcp_on)
        out = (after.dhcp_on ? "Turned DHCP on for VLAN " : "Turned DHCP off for VLAN ") + name +
              " (" + racks(after) + ").";
    else if (before.primary_rack != after.primary_rack ||
             before.secondary_rack != after.secondary_rack)
        out = "Changed the DHCP racks of VLAN " + name + " to " + racks(after) + ".";
    if (before.relay_vlan_id != after.relay_vlan_id)
        out += std::string(out.empty() ? "" : " ") +
               (after.relay_vlan_id ? "Relayed DHCP of VLAN " + name + " to VLAN id " +
                                          std::to_string(*after.relay_vlan_id) + "."
                                    : "Stopped relaying DHCP of VLAN " + name + ".");
    return out;
}

void registerVlanActions(ActionMap& map);

}  // namespace

void registerFabricActions(ActionMap& map) {
    map["FabricsHandler.read"] = {[](const Call& call) {
        return http::Response::json(listJson(store::NetworkStore(call.db()).fabrics(), fabricJson));
    }};
    map["FabricsHandler.create"] = {[](const Call& call) {
        store::NetworkStore net(call.db());
        Fabric f;
        applyFabricFields(call, f);
        const auto id = uniqueOr400("name", "Fabric with this Name already exists.",
                                    [&] { return net.insertFabric(f); });
        return fabricResponse(net, id);
    }};
    map["FabricHandler.read"] = {[](const Call& call) {
        store::NetworkStore net(call.db());
        return http::Response::json(toJson(fabricJson(loadFabric(net, call, "id"))));
    }};
    map["FabricHandler.update"] = {[](const Call& call) {
        store::NetworkStore net(call.db());
        auto f = loadFabric(net, call, "id");
        applyFabricFields(call, f);
        if (f.name.empty())
            f.name = "fabric-" + std::to_string(f.id);
        uniqueOr400("name", "Fabric with this Name already exists.", [&] {
            net.updateFabric(f);
            return 0;
        });
        return fabricResponse(net, f.id);
    }};
    map["FabricHandler.delete"] = {[](const Call& call) {
        store::NetworkStore net(call.db());
        const auto f = loadFabric(net, call, "id");
        if (f.id == net.defaultFabricId())
            throw badRequestText("Cannot delete the default fabric (" + f.name + ").");
        const auto cidrs = net.subnetCidrsOnFabric(f.id);
        if (!cidrs.empty())
            throw badRequestText(
                "Can't delete fabric; the following subnets are still "
                "present: " +
                joined(cidrs));
        net.deleteFabric(f.id);
        return http::Response::text(204, "");
    }};
    registerVlanActions(map);
}

namespace {

void registerVlanActions(ActionMap& map) {
    map["VlansHandler.read"] = {[](const Call& call) {
        store::NetworkStore net(call.db());
        const auto f = loadFabric(net, call, "fabric_id");
        return http::Response::json(listJson(f.vlans, vlanJson));
    }};
    map["VlansHandler.create"] = {[](const Call& call) {
        store::NetworkStore net(call.db());
        const auto f = loadFabric(net, call, "fabric_id");
        Vlan v;
        v.fabric_id = f.id;
        FieldErrors errors;
        if (!call.params.has("vid"))
            errors.add("vid", "This field is required.");
        // Only the creation fields; DHCP and racks are set with update.
        applyVlanBasics(call, v, errors, 1);
        if (!errors.empty())
            throw badRequest(errors);
        const auto id = uniqueOr400("__all__", "VLAN with this Fabric and Vid already exists.",
                                    [&] { return net.insertVlan(v); });
        return http::Response::json(toJson(vlanJson(*net.vlanById(id))));
    }};
    map["VlanHandler.read"] = {[](const Call& call) {
        store::NetworkStore net(call.db());
        return http::Response::json(toJson(vlanWithHa(call, loadVlan(net, call))));
    }};
    map["VlanByIdHandler.read"] = {[](const Call& call) {
        store::NetworkStore net(call.db());
        auto v = net.vlanById(pathId(call.pathParam("vlan_id"), "VLAN"));
        if (!v)
            throw notFound("VLAN");
        return http::Response::json(toJson(vlanWithHa(call, *v)));
    }};
    map["VlanHandler.update"] = {[](const Call& call) {
        store::NetworkStore net(call.db());
        auto v = loadVlan(net, call);
        const auto before = v;
        applyVlanFields(call, net, v);
        if (before.vid == 0 && v.vid != 0)
            throw badRequest("vid", "Cannot modify the VID of the default VLAN.");
        uniqueOr400("__all__", "VLAN with this Fabric and Vid already exists.", [&] {
            net.updateVlan(v);
            return 0;
        });
        if (const auto change = dhcpChange(call.db(), before, v); !change.empty())
            recordCallEvent(call.db(), call, db::event_types::kNetworking, change);
        auto answer = vlanJson(*net.vlanById(v.id));
        if (auto warnings = dhcpWarnings(call.db(), v); warnings.size() > 0)
            answer->set("warnings", warnings);
        return http::Response::json(toJson(answer));
    }};
    map["VlanHandler.delete"] = {[](const Call& call) {
        store::NetworkStore net(call.db());
        const auto v = loadVlan(net, call);
        if (v.vid == 0)
            throw badRequestText(
                "This VLAN is the default VLAN in the fabric, and cannot be "
                "deleted.");
        const auto cidrs = net.subnetCidrsOnVlan(v.id);
        if (!cidrs.empty())
            throw badRequestText("Can't delete VLAN; the following subnets are still present: " +
                                 joined(cidrs));
        net.deleteVlan(v.id);
        return http::Response::text(204, "");
    }};
}

}  // namespace

}  // namespace maas::region::api
