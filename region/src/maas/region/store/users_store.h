#pragma once

#include <optional>
#include <string>
#include <vector>

#include "maas/region/api/models.h"
#include "maas/region/auth/oauth.h"
#include "maas/region/db/pg.h"

namespace maas::region::store {

/// The user a valid API token belongs to, with the token's secret for the signature check.
struct TokenOwner {
    api::User user;
    std::string consumer_key;
    std::string token_secret;
};

/// Users, API tokens and OAuth nonces.
class UsersStore {
  public:
    explicit UsersStore(db::Connection& conn) : conn_(conn) {}

    /// Creates a superuser; throws api::ApiError 400 keyed "username" when it exists.
    api::User createAdmin(const std::string& username, const std::string& password,
                          const std::string& email);
    /// Creates a user; the same checks as createAdmin.
    api::User createUser(const std::string& username, const std::string& password,
                         const std::string& email, bool is_superuser);
    std::optional<api::User> findByUsername(const std::string& username);
    std::vector<api::User> list();

    ApiKey createToken(int64_t user_id);
    std::vector<ApiKey> tokens(int64_t user_id);

    std::optional<TokenOwner> lookupToken(const std::string& token_key);
    /// Records the nonce; false when (token, nonce) was already used.
    bool consumeNonce(const std::string& token_key, const std::string& nonce);
    /// Drops nonces older than max_age_seconds (they are outside the timestamp window).
    int64_t purgeNonces(int64_t max_age_seconds);

  private:
    db::Connection& conn_;
};

}  // namespace maas::region::store
