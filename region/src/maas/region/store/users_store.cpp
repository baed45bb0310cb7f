#include "maas/region/store/users_store.h"

#include "maas/region/api/errors.h"
#include "maas/region/auth/password.h"

namespace maas::region::store {

namespace {

const db::Statement kInsertUser{
    "users_insert",
    "INSERT INTO users (username, email, password_hash, is_superuser) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (username) DO NOTHING RETURNING id"};
const db::Statement kUserByName{
    "users_by_name", "SELECT id, username, email, is_superuser FROM users WHERE username = $1"};
const db::Statement kUsers{"users_all",
                           "SELECT id, username, email, is_superuser FROM users ORDER BY id"};
const db::Statement kInsertToken{
    "tokens_insert",
    "INSERT INTO api_tokens (user_id, consumer_key, token_key, token_secret) "
    "VALUES ($1, $2, $3, $4)"};
const db::Statement kTokens{
    "tokens_of_user",
    "SELECT consumer_key, token_key, token_secret FROM api_tokens WHERE user_id = $1 ORDER BY id"};
const db::Statement kLookupToken{
    "tokens_lookup",
    "SELECT u.id, u.username, u.email, u.is_superuser, t.consumer_key, t.token_secret "
    "FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_key = $1"};
const db::Statement kNonce{
    "nonce_insert",
    "INSERT INTO oauth_nonces (token_key, nonce) VALUES ($1, $2) ON CONFLICT DO NOTHING"};
const db::Statement kPurgeNonces{
    "nonce_purge",
    "DELETE FROM oauth_nonces WHERE created < now() - make_interval(secs => $1::int)"};

api::User userFrom(const db::Result& r, int row) {
    return api::User{r.integer(row, 0), r.text(row, 1), r.text(row, 2), r.boolean(row, 3)};
}

}  // namespace

api::User UsersStore::createAdmin(const std::string& username, const std::string& password,
                                  const std::string& email) {
    return createUser(username, password, email, true);
}

api::User UsersStore::createUser(const std::string& username, const std::string& password,
                                 const std::string& email, bool is_superuser) {
    api::FieldErrors errors;
    if (username.empty())
        errors.add("username", "This field is required.");
    else if (username.size() > 150)
        errors.add("username", "Ensure this value has at most 150 characters.");
    if (password.empty())
        errors.add("password", "This field is required.");
    if (!email.empty() && email.find('@') == std::string::npos)
        errors.add("email", "Enter a valid email address.");
    if (!errors.empty())
        throw api::badRequest(errors);
    const auto r = conn_.exec(kInsertUser, {username, email, auth::hashPassword(password),
                                            is_superuser ? "true" : "false"});
    if (r.rows() == 0)
        throw api::badRequest("username", "A user with that username already exists.");
    return api::User{r.integer(0, 0), username, email, is_superuser};
}

std::optional<api::User> UsersStore::findByUsername(const std::string& username) {
    const auto r = conn_.exec(kUserByName, {username});
    if (r.rows() == 0)
        return std::nullopt;
    return userFrom(r, 0);
}

std::vector<api::User> UsersStore::list() {
    const auto r = conn_.exec(kUsers, {});
    std::vector<api::User> out;
    for (int i = 0; i < r.rows(); ++i)
        out.push_back(userFrom(r, i));
    return out;
}

ApiKey UsersStore::createToken(int64_t user_id) {
    const auto key = ApiKey::generate();
    conn_.exec(kInsertToken,
               {std::to_string(user_id), key.consumer_key, key.token_key, key.token_secret});
    return key;
}

std::vector<ApiKey> UsersStore::tokens(int64_t user_id) {
    const auto r = conn_.exec(kTokens, {std::to_string(user_id)});
    std::vector<ApiKey> out;
    for (int i = 0; i < r.rows(); ++i)
        out.push_back({r.text(i, 0), r.text(i, 1), r.text(i, 2)});
    return out;
}

std::optional<TokenOwner> UsersStore::lookupToken(const std::string& token_key) {
    const auto r = conn_.exec(kLookupToken, {token_key});
    if (r.rows() == 0)
        return std::nullopt;
    return TokenOwner{userFrom(r, 0), r.text(0, 4), r.text(0, 5)};
}

bool UsersStore::consumeNonce(const std::string& token_key, const std::string& nonce) {
    return conn_.exec(kNonce, {token_key, nonce}).affected() == 1;
}

int64_t UsersStore::purgeNonces(int64_t max_age_seconds) {
    return conn_.exec(kPurgeNonces, {std::to_string(max_age_seconds)}).affected();
}

}  // namespace maas::region::store
