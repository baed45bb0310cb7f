#include "maas/region/store/account_store.h"

#include "maas/region/store/params.h"

namespace maas::region::store {

void AccountStore::nameToken(const std::string& token_key, const std::string& name) {
    static const db::Statement kName{"account_token_name",
                                     "UPDATE api_tokens SET name = $2 WHERE token_key = $1"};
    conn_.exec(kName, {token_key, name});
}

std::vector<NamedToken> AccountStore::tokens(int64_t user_id) {
    static const db::Statement kTokens{
        "account_tokens",
        "SELECT name, consumer_key, token_key, token_secret FROM api_tokens WHERE user_id = $1"
        " ORDER BY id"};
    const auto r = conn_.exec(kTokens, {num(user_id)});
    std::vector<NamedToken> out;
    for (int i = 0; i < r.rows(); ++i)
        out.push_back({r.text(i, 0), {r.text(i, 1), r.text(i, 2), r.text(i, 3)}});
    return out;
}

bool AccountStore::deleteToken(int64_t user_id, const std::string& token_key) {
    static const db::Statement kDelete{
        "account_token_delete", "DELETE FROM api_tokens WHERE user_id = $1 AND token_key = $2"};
    return conn_.exec(kDelete, {num(user_id), token_key}).affected() > 0;
}

std::vector<std::string> AccountStore::ownedResources(int64_t user_id) {
    static const db::Statement kOwned{
        "account_owned",
        "SELECT (SELECT count(*) FROM ip_reservations WHERE user_id = $1),"
        " (SELECT count(*) FROM ipranges WHERE user_id = $1),"
        " (SELECT count(*) FROM nodes WHERE owner_id = $1)"};
    const auto r = conn_.exec(kOwned, {num(user_id)});
    static const char* const kTitles[] = {"static IP address(es)", "IP range(s)", "node(s)"};
    std::vector<std::string> out;
    for (int i = 0; i < 3; ++i)
        if (r.integer(0, i) > 0)
            out.push_back(std::to_string(r.integer(0, i)) + " " + kTitles[i]);
    return out;
}

void AccountStore::transferResources(int64_t from_user_id, int64_t to_user_id) {
    for (const char* sql : {"UPDATE ip_reservations SET user_id = $2 WHERE user_id = $1",
                            "UPDATE ipranges SET user_id = $2 WHERE user_id = $1",
                            "UPDATE nodes SET owner_id = $2 WHERE owner_id = $1"})
        conn_.exec(sql, {num(from_user_id), num(to_user_id)});
}

void AccountStore::deleteUser(int64_t user_id) {
    static const db::Statement kDelete{"account_user_delete", "DELETE FROM users WHERE id = $1"};
    conn_.exec(kDelete, {num(user_id)});
}

}  // namespace maas::region::store
