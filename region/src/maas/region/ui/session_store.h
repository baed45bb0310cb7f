#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "maas/region/api/models.h"
#include "maas/region/db/pg.h"

namespace maas::region::ui {

/// A live browser session: who it belongs to and the CSRF token its page must echo.
struct Session {
    api::User user;
    std::string csrf_token;
};

/// A freshly created session; `token` goes into the cookie and is stored only as its hash.
struct NewSession {
    std::string token;
    std::string csrf_token;
};

/// What a login needs to check a password.
struct LoginCandidate {
    api::User user;
    std::string password_hash;
};

/// UI sessions in PostgreSQL (table ui_sessions), so every region worker and every region
/// host sees the same logins and a logout anywhere ends the session everywhere.
class SessionStore {
  public:
    static constexpr long kLifetimeSeconds = 14L * 24 * 3600;

    explicit SessionStore(db::Connection& conn) : conn_(conn) {}

    std::optional<LoginCandidate> loginCandidate(const std::string& username);
    NewSession create(int64_t user_id);
    /// The session of a cookie token, if it exists and has not expired.
    std::optional<Session> find(const std::string& token);
    void remove(const std::string& token);
    /// Deletes expired sessions; returns how many.
    int64_t purgeExpired();

  private:
    db::Connection& conn_;
};

/// SHA-256 of the token, hex: what the table stores instead of the token (pure).
std::string tokenDigest(const std::string& token);

}  // namespace maas::region::ui
