#include "maas/region/admin/admin.h"

#include "maas/region/api/errors.h"
#include "maas/region/db/migrations.h"
#include "maas/region/store/users_store.h"
#include "maas/region/worker/config.h"

namespace maas::region::admin {

namespace {

std::unique_ptr<db::Connection> connect(const Settings& regiond) {
    auto conn = db::Connection::open(worker::databaseParams(regiond, "maas-admin"));
    db::applyMigrations(*conn, db::embeddedMigrations());
    return conn;
}

}  // namespace

ApiKey createAdmin(const Settings& regiond, const std::string& username,
                   const std::string& password, const std::string& email) {
    auto conn = connect(regiond);
    db::Transaction tx(*conn);
    store::UsersStore users(*conn);
    const auto user = users.createAdmin(username, password, email);
    auto key = users.createToken(user.id);
    tx.commit();
    return key;
}

std::vector<ApiKey> apiKeys(const Settings& regiond, const std::string& username, bool generate) {
    auto conn = connect(regiond);
    db::Transaction tx(*conn);
    store::UsersStore users(*conn);
    const auto user = users.findByUsername(username);
    if (!user)
        throw api::badRequest("username", "User '" + username + "' does not exist.");
    if (generate)
        users.createToken(user->id);
    auto keys = users.tokens(user->id);
    tx.commit();
    return keys;
}

}  // namespace maas::region::admin
