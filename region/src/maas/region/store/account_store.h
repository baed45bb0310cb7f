#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "maas/region/db/pg.h"
#include "maas/region/store/users_store.h"

namespace maas::region::store {

struct NamedToken {
    std::string name;
    ApiKey key;
};

/// A user's tokens and what the user owns, for `account` and `user delete`.
class AccountStore {
  public:
    explicit AccountStore(db::Connection& conn) : conn_(conn) {}

    void nameToken(const std::string& token_key, const std::string& name);
    std::vector<NamedToken> tokens(int64_t user_id);
    bool deleteToken(int64_t user_id, const std::string& token_key);

    /// MAAS's words for what still belongs to the user ("2 node(s)", ...), empty when nothing.
    std::vector<std::string> ownedResources(int64_t user_id);
    void transferResources(int64_t from_user_id, int64_t to_user_id);
    void deleteUser(int64_t user_id);

  private:
    db::Connection& conn_;
};

}  // namespace maas::region::store
