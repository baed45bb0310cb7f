#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace maas::region::api {

inline constexpr const char* kApiPrefix = "/MAAS/api/2.0/";

/// One operation of a handler, as the describe document lists it.
struct Action {
    std::string name;  ///< "read", "create", "update", "delete" or the op name
    std::string method;
    std::optional<std::string> op;
    std::string doc;
    bool restful() const { return !op.has_value(); }
};

/// One API handler: a URL pattern and its actions. The router, the dispatcher and describe/
/// all read this one table, so the document can never disagree with what is served.
struct Resource {
    std::string handler;  ///< e.g. "VlanHandler"
    std::string doc;
    std::string path;  ///< e.g. "/MAAS/api/2.0/fabrics/{fabric_id}/vlans/{vid}/"
    bool anonymous = false;
    std::vector<Action> actions;
    bool hidden = false;  ///< served but not in describe/ (describe itself, aliases)

    std::vector<std::string> params() const;
};

/// The region's API table.
const std::vector<Resource>& apiResources();

struct RouteMatch {
    const Resource* resource = nullptr;
    std::map<std::string, std::string> params;
};

/// Matches a request path against the table; each {param} is one non-empty segment.
std::optional<RouteMatch> matchRoute(const std::vector<Resource>& table, std::string_view path);

/// The action for a method and optional op, or the status and text MAAS answers instead
/// (400 "Unrecognised signature: ...", 405 "Method not allowed").
struct ActionChoice {
    const Action* action = nullptr;
    int status = 200;
    std::string error;
};
ActionChoice chooseAction(const Resource& resource, std::string_view method,
                          const std::optional<std::string>& op);

}  // namespace maas::region::api
