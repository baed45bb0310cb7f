// DHCP leases through the API, as MAAS shows them: IP addresses of alloc_type 5 ("DHCP") in
// `ipaddresses read` and in `subnets/{id}/?op=ip_addresses` (which the web UI reads).
#include <map>

#include "maas/region/api/call.h"
#include "maas/region/api/errors.h"
#include "maas/region/api/fields.h"
#include "maas/region/api/routes.h"
#include "maas/region/api/shapes.h"
#include "maas/region/dhcp/lease_store.h"
#include "maas/region/store/network_store.h"

namespace maas::region::api {

namespace {

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

}  // namespace

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
    map["IPAddressesHandler.read"] = {[](const Call& call) {
        store::NetworkStore net(call.db());
        std::map<int64_t, Poco::JSON::Object::Ptr> subnets;
        Poco::JSON::Array array;
        for (const auto& l : dhcp::currentLeases(call.db())) {
            auto o = leaseJson(l);
            o->set("owner", Poco::Dynamic::Var());
            if (l.subnet_id) {
                auto& s = subnets[*l.subnet_id];
                if (!s)
                    if (auto subnet = net.subnet(*l.subnet_id))
                        s = subnetJson(*subnet);
                o->set("subnet", s ? Poco::Dynamic::Var(s) : Poco::Dynamic::Var());
            } else {
                o->set("subnet", Poco::Dynamic::Var());
            }
            o->set("resource_uri", std::string(kApiPrefix) + "ipaddresses/?ip=" + l.ip);
            array.add(o);
        }
        return http::Response::json(toJson(array));
    }};
}

}  // namespace maas::region::api
