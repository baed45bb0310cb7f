#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <string>
#include <vector>

#include "maas/region/api/models.h"

namespace maas::region::api {

/// MAAS JSON shapes of each model (pure; no I/O).
Poco::JSON::Object::Ptr vlanJson(const Vlan& vlan);
Poco::JSON::Object::Ptr fabricJson(const Fabric& fabric);
Poco::JSON::Object::Ptr subnetJson(const Subnet& subnet);
Poco::JSON::Object::Ptr ipRangeJson(const IpRange& range);
Poco::JSON::Object::Ptr interfaceJson(const Interface& iface, const std::string& system_id);
/// Controllers and machines; `collection` is "rackcontrollers", "regioncontrollers" or
/// "machines" (the resource_uri differs, and only racks carry service_set).
Poco::JSON::Object::Ptr nodeJson(const Node& node, const std::string& collection);
Poco::JSON::Object::Ptr userJson(const User& user);

const char* nodeTypeName(int node_type);
const char* machineStatusName(int status);

std::string toJson(const Poco::JSON::Object::Ptr& obj);
std::string toJson(const Poco::JSON::Array& array);

/// Shapes every element of a list with fn into a JSON array text.
template <typename T, typename Fn>
std::string listJson(const std::vector<T>& items, Fn fn) {
    Poco::JSON::Array array;
    for (const auto& item : items)
        array.add(fn(item));
    return toJson(array);
}

}  // namespace maas::region::api
