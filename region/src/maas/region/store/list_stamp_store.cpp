#include "maas/region/store/list_stamp_store.h"

namespace maas::region::store {

namespace {

const db::Statement kListStamp{
    "api_list_stamp",
    "SELECT g.generation, coalesce((SELECT string_agg(n.system_id, ',' ORDER BY n.system_id)"
    " FROM nodes n WHERE n.node_type IN (2, 4) AND EXISTS (SELECT 1 FROM rack_connections c"
    " WHERE c.rack_node_id = n.id AND c.heartbeat > now() - make_interval(secs => $1))), '')"
    " FROM api_list_generation g"};

}  // namespace

api::ListStamp readListStamp(db::Connection& conn, std::chrono::seconds rack_dead_after) {
    const auto r = conn.exec(kListStamp, {std::to_string(rack_dead_after.count())});
    return {r.integer(0, 0), r.text(0, 1)};
}

}  // namespace maas::region::store
