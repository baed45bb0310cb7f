#include "maas/region/api/node_filter.h"

#include <algorithm>
#include <array>

#include "maas/region/api/fields.h"
#include "maas/region/api/power.h"

namespace maas::region::api {

namespace {

// MAAS's NODE_STATUS, by the lower-case names its filters take.
constexpr std::array<std::pair<std::string_view, int>, 23> kStatusNames{{
    {"new", 0},
    {"commissioning", 1},
    {"failed_commissioning", 2},
    {"missing", 3},
    {"ready", 4},
    {"reserved", 5},
    {"deployed", 6},
    {"retired", 7},
    {"broken", 8},
    {"deploying", 9},
    {"allocated", 10},
    {"failed_deployment", 11},
    {"releasing", 12},
    {"failed_releasing", 13},
    {"disk_erasing", 14},
    {"failed_disk_erasing", 15},
    {"rescue_mode", 16},
    {"entering_rescue_mode", 17},
    {"failed_entering_rescue_mode", 18},
    {"exiting_rescue_mode", 19},
    {"failed_exiting_rescue_mode", 20},
    {"testing", 21},
    {"failed_testing", 22},
}};

constexpr int64_t kMaxPage = 10000;

// MAAS's POWER_STATE values.
constexpr std::array<std::string_view, 4> kPowerStates{"on", "off", "unknown", "error"};

// Echoed in messages: a hostile value must not make the answer large.
std::string quoted(const std::string& value) {
    return "'" + value.substr(0, 64) + "'";
}

void readPowerFilters(const http::FormParams& params, store::NodeQuery& q, FieldErrors& errors) {
    for (const auto& state : params.getAll("power_state")) {
        if (std::find(kPowerStates.begin(), kPowerStates.end(), state) != kPowerStates.end())
            q.power_states.push_back(state);
        else
            errors.add("power_state",
                       quoted(state) + " is not a valid power state (on, off, unknown, error).");
    }
    const auto& types = powerTypes();
    for (const auto& type : params.getAll("power_type")) {
        if (std::any_of(types.begin(), types.end(), [&](const auto& t) { return t.name == type; }))
            q.power_types.push_back(type);
        else
            errors.add("power_type", quoted(type) + " is not a valid power type.");
    }
    if (auto rack = textField(params, "power_rack", errors, 255); rack && !rack->empty())
        q.power_rack = std::move(rack);
}

}  // namespace

std::vector<Node> filterNodes(std::vector<Node> nodes, const http::FormParams& params) {
    const auto hostnames = params.getAll("hostname");
    const auto ids = params.getAll("id");
    auto in = [](const std::vector<std::string>& values, const std::string& v) {
        return values.empty() || std::find(values.begin(), values.end(), v) != values.end();
    };
    std::erase_if(
        nodes, [&](const Node& n) { return !in(hostnames, n.hostname) || !in(ids, n.system_id); });
    return nodes;
}

std::optional<int> machineStatusByName(std::string_view name) {
    for (const auto& [key, value] : kStatusNames)
        if (key == name)
            return value;
    return std::nullopt;
}

store::NodeQuery machineQuery(const http::FormParams& params, const User& user,
                              FieldErrors& errors) {
    store::NodeQuery q;
    q.types = {kMachine};
    q.hostnames = params.getAll("hostname");
    q.system_ids = params.getAll("id");
    for (const auto& name : params.getAll("status")) {
        if (const auto status = machineStatusByName(name))
            q.statuses.push_back(*status);
        else
            errors.add("status", quoted(name) + " is not a valid machine status.");
    }
    if (const auto sort = params.get("sort")) {
        const bool descending = sort->starts_with('-');
        const auto key = descending ? sort->substr(1) : *sort;
        const auto& columns = store::nodeSortColumns();
        if (std::none_of(columns.begin(), columns.end(),
                         [&](const auto& c) { return c.first == key; })) {
            std::string keys;
            for (const auto& c : columns)
                keys += (keys.empty() ? "" : ", ") + c.first;
            errors.add("sort", "Sort by one of " + keys + " (- first for descending).");
        } else {
            q.sort = key;
            q.descending = descending;
        }
    }
    readPowerFilters(params, q, errors);
    q.text = textField(params, "q", errors, 255);
    q.offset = intField(params, "offset", errors, 0, INT32_MAX).value_or(0);
    q.limit = intField(params, "limit", errors, 1, kMaxPage);
    if (!user.is_superuser)
        q.visible_to = user.username;
    return q;
}

}  // namespace maas::region::api
