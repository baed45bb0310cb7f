#include "maas/region/ui/session_store.h"

#include <openssl/sha.h>

#include "maas/common/secret.h"

namespace maas::region::ui {

namespace {

const db::Statement kCandidate{
    "ui_login_candidate",
    "SELECT id, username, email, is_superuser, password_hash FROM users WHERE username = $1"};
const db::Statement kInsert{"ui_session_insert",
                            "INSERT INTO ui_sessions (key_digest, user_id, csrf_token, expires) "
                            "VALUES ($1, $2, $3, now() + make_interval(secs => $4::int))"};
const db::Statement kFind{"ui_session_find",
                          "SELECT u.id, u.username, u.email, u.is_superuser, s.csrf_token "
                          "FROM ui_sessions s JOIN users u ON u.id = s.user_id "
                          "WHERE s.key_digest = $1 AND s.expires > now()"};
const db::Statement kDelete{"ui_session_delete", "DELETE FROM ui_sessions WHERE key_digest = $1"};
const db::Statement kPurge{"ui_session_purge", "DELETE FROM ui_sessions WHERE expires <= now()"};

}  // namespace

std::string tokenDigest(const std::string& token) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), digest);
    return toHex(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

std::optional<LoginCandidate> SessionStore::loginCandidate(const std::string& username) {
    const auto r = conn_.exec(kCandidate, {username});
    if (r.rows() == 0)
        return std::nullopt;
    return LoginCandidate{api::User{r.integer(0, 0), r.text(0, 1), r.text(0, 2), r.boolean(0, 3)},
                          r.text(0, 4)};
}

NewSession SessionStore::create(int64_t user_id) {
    NewSession s{toHex(randomBytes(32)), toHex(randomBytes(32))};
    conn_.exec(kInsert, {tokenDigest(s.token), std::to_string(user_id), s.csrf_token,
                         std::to_string(kLifetimeSeconds)});
    return s;
}

std::optional<Session> SessionStore::find(const std::string& token) {
    const auto r = conn_.exec(kFind, {tokenDigest(token)});
    if (r.rows() == 0)
        return std::nullopt;
    return Session{api::User{r.integer(0, 0), r.text(0, 1), r.text(0, 2), r.boolean(0, 3)},
                   r.text(0, 4)};
}

void SessionStore::remove(const std::string& token) {
    conn_.exec(kDelete, {tokenDigest(token)});
}

int64_t SessionStore::purgeExpired() {
    return conn_.exec(kPurge, {}).affected();
}

}  // namespace maas::region::ui
