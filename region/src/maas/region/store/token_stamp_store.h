#pragma once

#include <chrono>
#include <optional>
#include <set>
#include <string>

#include "maas/region/api/list_stamp.h"
#include "maas/region/api/models.h"
#include "maas/region/db/pg.h"

namespace maas::region::store {

/// What an OAuth request claims, as the one-statement check takes it.
struct TokenClaim {
    std::string token_key;
    std::string consumer_key;
    std::string
        secret_digest;  ///< auth::tokenSecretDigest of the secret the signature was made with
    std::string nonce;
    bool timestamp_ok = false;  ///< within the window: only then is the nonce spent
};

/// The verdict on a claim and the list stamp, read together.
struct CheckedClaim {
    /// Set when the token exists, belongs to the consumer key and the signature's secret is
    /// the token's: the user it belongs to, as stored now.
    std::optional<api::User> user;
    bool nonce_spent = false;  ///< this request recorded its nonce (signed, timestamp ok, new)
    api::ListStamp stamp;
};

/// Everything an OAuth GET of a cached list needs from the database in one statement (one
/// round trip), prepared once per connection: the token and its user, the nonce recorded
/// exactly when the claim is signed, timely and the nonce new (ON CONFLICT: a replay records
/// nothing), and readListStamp's stamp. Runs outside the request's transaction, so a recorded
/// nonce stays spent whatever happens next, as UsersStore::consumeNonce. controller_types must
/// be empty, store::kRackTypes or store::kRegionTypes (each shape is its own statement, with
/// its node types written into it so PostgreSQL plans it once).
CheckedClaim checkClaimAndStamp(db::Connection& conn, const TokenClaim& claim,
                                std::chrono::seconds rack_dead_after,
                                const std::set<int>& controller_types);

}  // namespace maas::region::store
