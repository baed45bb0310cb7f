#include "maas/region/store/list_stamp_store.h"

#include "maas/region/store/node_store.h"

namespace maas::region::store {

namespace {

const std::string kListStampSql =
    "SELECT " + listStampColumns("$1", "", false) + " FROM api_list_generation g";
const db::Statement kListStamp{"api_list_stamp", kListStampSql.c_str()};

const std::string kControllersStampSql =
    "SELECT " + listStampColumns("$1", "$2::smallint[]", true) + " FROM api_list_generation g";
const db::Statement kControllersStamp{"api_list_stamp_controllers", kControllersStampSql.c_str()};

}  // namespace

std::string listStampColumns(const std::string& dead_after, const std::string& controller_types,
                             bool controllers) {
    std::string sql =
        "g.generation, coalesce((SELECT string_agg(n.system_id, ',' ORDER BY n.system_id)"
        " FROM nodes n WHERE n.node_type IN (2, 4) AND EXISTS (SELECT 1 FROM rack_connections c"
        " WHERE c.rack_node_id = n.id AND c.heartbeat > now() - make_interval(secs => " +
        dead_after + "))), ''), ";
    // The rendered text itself (second precision), so a heartbeat that does not change what a
    // list shows keeps the stamp, and one that does changes it.
    if (!controllers)
        return sql + "''";
    return sql + "coalesce((SELECT string_agg(n.id || '=' || coalesce(" + controllerLastSeenSql() +
           ", ''), ',' ORDER BY n.id) FROM nodes n WHERE n.node_type = ANY(" + controller_types +
           ")), '')";
}

api::ListStamp readListStamp(db::Connection& conn, std::chrono::seconds rack_dead_after,
                             const std::set<int>& controller_types) {
    const auto dead_after = std::to_string(rack_dead_after.count());
    const auto r = controller_types.empty()
                       ? conn.exec(kListStamp, {dead_after})
                       : conn.exec(kControllersStamp, {dead_after, typeList(controller_types)});
    return {r.integer(0, 0), r.text(0, 1), r.text(0, 2)};
}

}  // namespace maas::region::store
