#include "maas/region/store/token_stamp_store.h"

#include <stdexcept>

#include "maas/region/store/list_stamp_store.h"
#include "maas/region/store/node_store.h"

namespace maas::region::store {

namespace {

// $1 token key, $2 consumer key, $3 hex digest of the claimed secret, $4 nonce, $5 timestamp
// ok, $6 seconds a rack's heartbeat stays live. The nonce CTE runs to completion whether or not
// the outer query reads it (PostgreSQL's rule for data-modifying WITH).
std::string claimAndStampSql(const std::set<int>& controller_types) {
    const bool controllers = !controller_types.empty();
    return "WITH owner AS (SELECT u.id, u.username, u.email, u.is_superuser,"
           " t.consumer_key = $2 AND sha256(convert_to(t.token_secret, 'UTF8')) = decode($3, 'hex')"
           " AS signed FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_key = $1),"
           " spent AS (INSERT INTO oauth_nonces (token_key, nonce) SELECT $1, $4 FROM owner"
           " WHERE owner.signed AND $5::boolean ON CONFLICT DO NOTHING RETURNING 1)"
           " SELECT o.id, o.username, o.email, o.is_superuser, coalesce(o.signed, false),"
           " EXISTS (SELECT 1 FROM spent), " +
           listStampColumns("$6", "'" + typeList(controller_types) + "'::smallint[]", controllers) +
           " FROM api_list_generation g LEFT JOIN owner o ON true";
}

struct Shape {
    std::string sql;
    db::Statement statement;
    Shape(const char* name, const std::set<int>& types)
        : sql(claimAndStampSql(types)), statement{name, sql.c_str()} {}
    Shape(const Shape&) = delete;
    Shape& operator=(const Shape&) = delete;
};

const db::Statement& statementFor(const std::set<int>& controller_types) {
    static const Shape plain("api_claim_stamp", {});
    static const Shape racks("api_claim_stamp_racks", kRackTypes);
    static const Shape regions("api_claim_stamp_regions", kRegionTypes);
    if (controller_types.empty())
        return plain.statement;
    if (controller_types == kRackTypes)
        return racks.statement;
    if (controller_types == kRegionTypes)
        return regions.statement;
    throw std::invalid_argument("checkClaimAndStamp: no statement for these controller types");
}

}  // namespace

CheckedClaim checkClaimAndStamp(db::Connection& conn, const TokenClaim& claim,
                                std::chrono::seconds rack_dead_after,
                                const std::set<int>& controller_types) {
    const auto r =
        conn.exec(statementFor(controller_types),
                  {claim.token_key, claim.consumer_key, claim.secret_digest, claim.nonce,
                   claim.timestamp_ok ? "true" : "false", std::to_string(rack_dead_after.count())});
    CheckedClaim checked;
    if (r.boolean(0, 4))
        checked.user = api::User{r.integer(0, 0), r.text(0, 1), r.text(0, 2), r.boolean(0, 3)};
    checked.nonce_spent = r.boolean(0, 5);
    checked.stamp = {r.integer(0, 6), r.text(0, 7), r.text(0, 8)};
    return checked;
}

}  // namespace maas::region::store
