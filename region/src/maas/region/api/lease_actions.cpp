// DHCP leases through the API, as MAAS shows them: IP addresses of alloc_type 5 ("DHCP") in
// `subnets/{id}/?op=ip_addresses` (which the web UI reads) and `ipaddresses read all=true`.
#include "maas/region/api/address_json.h"
#include "maas/region/api/call.h"
#include "maas/region/api/errors.h"
#include "maas/region/api/fields.h"
#include "maas/region/api/routes.h"
#include "maas/region/api/shapes.h"
#include "maas/region/dhcp/lease_store.h"
#include "maas/region/store/network_store.h"

namespace maas::region::api {

Poco::JSON::Object::Ptr leaseJson(const dhcp::LeaseRow& l) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("ip", l.ip);
    o->set("alloc_type", dhcp::kAllocTypeDhcp);
    o->set("alloc_type_name", "DHCP");
    o->set("mac_address", l.mac_address);
    o->set("hostname", l.hostname.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(l.hostname));
    o->set("created", l.created);
    o->set("updated", l.created);
    o->set("expires", l.expires);
    o->set("user", Poco::Dynamic::Var());
    if (l.rack_system_id) {
        Poco::JSON::Object::Ptr rack = new Poco::JSON::Object;
        rack->set("system_id", *l.rack_system_id);
        rack->set("hostname", l.rack_hostname.value_or(""));
        o->set("rack", rack);
    }
    return o;
}

void registerLeaseActions(ActionMap& map) {
    map["SubnetHandler.ip_addresses"] = {[](const Call& call) {
        store::NetworkStore net(call.db());
        const auto found = net.subnetIdBySpecifier(call.pathParam("id"));
        if (!found)
            throw notFound("Subnet");
        const auto id = *found;
        Poco::JSON::Array array;
        for (const auto& l : dhcp::currentLeases(call.db(), id))
            array.add(leaseJson(l));
        return http::Response::json(toJson(array));
    }};
}

}  // namespace maas::region::api
