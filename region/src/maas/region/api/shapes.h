#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <string>
#include <string_view>
#include <vector>

#include "maas/common/json_stream.h"
#include "maas/region/api/models.h"

namespace maas::region::api {

/// MAAS JSON shapes of each model (pure; no I/O). The write* ones stream (lists of nodes and
/// subnets build no tree); the *Json ones are trees of the same bytes, for callers that nest a
/// shape in a larger tree.
void writeVlan(JsonStream& out, const Vlan& vlan);
void writeSubnet(JsonStream& out, const Subnet& subnet);
void writeInterface(JsonStream& out, const Interface& iface, const std::string& system_id);
void writeNode(JsonStream& out, const Node& node, std::string_view collection);
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

/// The same for a stream shape: write(stream, item) for every element, no tree.
template <typename T, typename Write>
std::string streamList(const std::vector<T>& items, Write write) {
    std::string out;
    out.reserve(256 + items.size() * 1024);
    JsonStream stream(out);
    stream.beginArray();
    for (const auto& item : items)
        write(stream, item);
    stream.endArray();
    return out;
}

}  // namespace maas::region::api
