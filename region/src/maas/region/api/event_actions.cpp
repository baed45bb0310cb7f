// `events query`, as MAAS's EventsHandler: newest first, a page of `limit`, `before`/`after`
// to move through the log, next_uri/prev_uri to get there, and the node filters of node lists.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <algorithm>

#include "maas/common/oauth.h"
#include "maas/region/api/call.h"
#include "maas/region/api/errors.h"
#include "maas/region/api/fields.h"
#include "maas/region/api/shapes.h"
#include "maas/region/db/event_log.h"

namespace maas::region::api {

namespace {

constexpr int kDefaultLimit = 100;
constexpr int kMaxLimit = 1000;
/// The parameters next_uri and prev_uri carry over (MAAS's all_params).
const char* const kCarried[] = {"agent_name", "domain",      "hostname", "id",   "level",
                                "limit",      "mac_address", "op",       "zone", "owner"};

std::optional<int64_t> idParam(const Call& call, const char* name, FieldErrors& errors) {
    auto v = call.params.get(name);
    if (!v)
        return std::nullopt;
    auto n = parseInteger(*v);
    if (!n)
        errors.add(name, "Please enter an integer value");
    return n;
}

db::EventQuery readQuery(const Call& call) {
    db::EventQuery q;
    FieldErrors errors;
    q.before = idParam(call, "before", errors);
    q.after = idParam(call, "after", errors);
    std::optional<int64_t> limit;
    if (call.params.get("limit")) {
        limit = parseInteger(*call.params.get("limit"));
        if (!limit)
            errors.add("limit", "Please enter an integer value");
    }
    if (!errors.empty())
        throw badRequest(errors);
    if (limit && *limit > kMaxLimit)
        throw badRequestText("Requested number of events " + std::to_string(*limit) +
                             " is greater than limit: " + std::to_string(kMaxLimit));
    q.limit = limit ? static_cast<int>(std::max<int64_t>(*limit, 1)) : kDefaultLimit;
    const auto level = call.params.get("level").value_or("INFO");
    const auto parsed = db::parseLevel(level);
    if (!parsed)
        throw badRequestText("Unrecognised log level: " + level);
    q.level = *parsed;
    q.owner = call.params.get("owner");
    if (!call.user->is_superuser)
        q.visible_to = call.user->username;
    if (q.before && q.after)
        throw badRequestText(
            "There is undetermined behaviour when both `after` and `before` "
            "are specified.");
    q.hostnames = call.params.getAll("hostname");
    q.system_ids = call.params.getAll("id");
    std::vector<std::string> bad_macs;
    for (const auto& m : call.params.getAll("mac_address")) {
        if (auto mac = normaliseMac(m))
            q.mac_addresses.push_back(*mac);
        else
            bad_macs.push_back(m);
    }
    if (!bad_macs.empty()) {
        std::string list;
        for (const auto& m : bad_macs)
            list += (list.empty() ? "" : ", ") + m;
        throw badRequestText("Invalid MAC address(es): " + list);
    }
    // Zones are the nodes' own; every node is in domain "maas" and none has an agent name.
    q.zones = call.params.getAll("zone");
    const auto& zones = q.zones;
    const auto domains = call.params.getAll("domain");
    const auto agents = call.params.getAll("agent_name");
    const auto lacks = [](const std::vector<std::string>& values, const std::string& ours) {
        return !values.empty() && std::find(values.begin(), values.end(), ours) == values.end();
    };
    q.no_node_matches = lacks(domains, "maas") || lacks(agents, "");
    q.node_filtered = !q.hostnames.empty() || !q.system_ids.empty() || !q.mac_addresses.empty() ||
                      !zones.empty() || !domains.empty() || !agents.empty();
    return q;
}

/// The events URI with the request's carried parameters, and after= or before= when given.
std::string pageUri(const Call& call, const char* key = nullptr, int64_t value = 0) {
    std::string query;
    const auto add = [&](const std::string& name, const std::string& v) {
        query += (query.empty() ? "" : "&") + percentEncode(name) + "=" + percentEncode(v);
    };
    for (const auto& [name, v] : call.params.items()) {
        if (std::find(std::begin(kCarried), std::end(kCarried), name) != std::end(kCarried))
            add(name, v);
    }
    if (key)
        add(key, std::to_string(value));
    return "/MAAS/api/2.0/events/?" + query;
}

Poco::JSON::Object::Ptr eventJson(const db::EventRow& e) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("username", e.username);
    o->set("node", e.node ? Poco::Dynamic::Var(*e.node) : Poco::Dynamic::Var());
    o->set("hostname", e.hostname);
    o->set("id", e.id);
    o->set("level", std::string(db::levelName(e.level)));
    o->set("created", e.created);
    o->set("type", e.type);
    o->set("description", e.description);
    return o;
}

http::Response query(const Call& call) {
    const auto q = readQuery(call);
    const auto events = db::queryEvents(call.db(), q);
    Poco::JSON::Array list;
    for (const auto& e : events)
        list.add(eventJson(e));
    // Newer events: after the newest shown (or, with nothing shown, after before-1, or the
    // same query later); older ones: before the oldest shown (none when nothing is older).
    std::string next;
    if (!events.empty())
        next = pageUri(call, "after", events.front().id);
    else
        next = q.before ? pageUri(call, "after", *q.before - 1) : pageUri(call);
    Poco::Dynamic::Var prev;
    if (!events.empty())
        prev = pageUri(call, "before", events.back().id);
    else if (q.after)
        prev = pageUri(call, "before", *q.after + 1);
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("count", static_cast<int64_t>(events.size()));
    o->set("events", list);
    o->set("next_uri", next);
    o->set("prev_uri", prev);
    return http::Response::json(toJson(o));
}

}  // namespace

void registerEventActions(ActionMap& map) {
    map["EventsHandler.query"] = {query};
}

}  // namespace maas::region::api
