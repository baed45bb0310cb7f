#include "maas/region/store/node_query.h"

#include <algorithm>

namespace maas::region::store {

const std::vector<std::pair<std::string, std::string>>& nodeSortColumns() {
    static const std::vector<std::pair<std::string, std::string>> kColumns{
        {"hostname", "n.hostname"},
        {"system_id", "n.system_id"},
        {"status", "n.status"},
        {"power_state", "n.power_state"},
        {"architecture", "n.architecture"},
        {"cpu_count", "n.cpu_count"},
        {"memory", "n.memory"},
        {"owner", "u.username"},
        {"zone", "z.name"},
        {"pool", "p.name"}};
    return kColumns;
}

std::string textArrayLiteral(const std::vector<std::string>& values) {
    std::string out = "{";
    for (const auto& v : values) {
        if (out.size() > 1)
            out.push_back(',');
        out.push_back('"');
        for (char c : v) {
            if (c == '"' || c == '\\')
                out.push_back('\\');
            out.push_back(c);
        }
        out.push_back('"');
    }
    return out + "}";
}

namespace {

std::string intArrayLiteral(const std::vector<int>& values) {
    std::string out = "{";
    for (int v : values)
        out += (out.size() > 1 ? "," : "") + std::to_string(v);
    return out + "}";
}

std::string likePattern(const std::string& text) {
    std::string out = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\')
            out.push_back('\\');
        out.push_back(c);
    }
    return out + "%";
}

}  // namespace

NodeFilterSql nodeFilterSql(const NodeQuery& q) {
    NodeFilterSql out;
    auto param = [&](std::string value) {
        out.params.emplace_back(std::move(value));
        return "$" + std::to_string(out.params.size());
    };
    out.where = "WHERE n.node_type = ANY(" +
                param(intArrayLiteral({q.types.begin(), q.types.end()})) + "::smallint[])";
    if (!q.hostnames.empty())
        out.where += " AND n.hostname = ANY(" + param(textArrayLiteral(q.hostnames)) + "::text[])";
    if (!q.system_ids.empty())
        out.where +=
            " AND n.system_id = ANY(" + param(textArrayLiteral(q.system_ids)) + "::text[])";
    if (!q.statuses.empty())
        out.where += " AND n.status = ANY(" + param(intArrayLiteral(q.statuses)) + "::int[])";
    if (!q.power_states.empty())
        out.where +=
            " AND n.power_state = ANY(" + param(textArrayLiteral(q.power_states)) + "::text[])";
    if (!q.power_types.empty())
        out.where +=
            " AND n.power_type = ANY(" + param(textArrayLiteral(q.power_types)) + "::text[])";
    if (q.managed_ids)
        out.where +=
            " AND n.system_id = ANY(" + param(textArrayLiteral(*q.managed_ids)) + "::text[])";
    if (q.text)
        out.where += " AND n.hostname ILIKE " + param(likePattern(*q.text));
    if (q.visible_to)
        out.where +=
            " AND (n.node_type <> 0 OR n.owner_id IS NULL OR u.username = " + param(*q.visible_to) +
            ")";
    const auto& columns = nodeSortColumns();
    const auto column = std::find_if(columns.begin(), columns.end(),
                                     [&](const auto& c) { return c.first == q.sort; });
    const std::string dir = q.descending ? " DESC" : "";
    out.order_by = "ORDER BY " +
                   (column == columns.end() ? std::string("n.hostname") : column->second) + dir +
                   ", n.hostname" + dir;
    out.order_and_slice = out.order_by;
    if (q.limit)
        out.order_and_slice += " LIMIT " + std::to_string(*q.limit);
    if (q.offset > 0)
        out.order_and_slice += " OFFSET " + std::to_string(q.offset);
    return out;
}

}  // namespace maas::region::store
