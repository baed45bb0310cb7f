#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>

#include "maas/common/log.h"
#include "maas/region/auth/login_throttle.h"

#include "maas/region/api/models.h"
#include "maas/region/db/pool.h"
#include "maas/region/http/message.h"

namespace maas::region::ui {

inline constexpr const char* kAccountsPrefix = "/MAAS/accounts/";

inline constexpr MessageId kLoginFailed{
    "UI_LOGIN_FAILED", Severity::Warn,
    "A browser login gave a wrong username or password; repeated failures are throttled."};

/// Counters behind maas_login_*_total in /MAAS/metrics.
struct LoginStats {
    std::atomic<uint64_t> failed{0};     ///< wrong username or password
    std::atomic<uint64_t> throttled{0};  ///< refused with 429 while a delay ran
    std::atomic<uint64_t> busy{0};       ///< refused with 503: every hashing slot was taken
};

/// Browser logins: POST /MAAS/accounts/login/ (username, password) sets an HttpOnly,
/// SameSite=Strict session cookie and returns {username, is_superuser, csrf_token};
/// GET /MAAS/accounts/session/ says who the cookie belongs to (401 if nobody);
/// POST /MAAS/accounts/logout/ (CSRF header required) ends the session.
class Accounts {
  public:
    /// At most this many password hashes run at once per worker (PBKDF2 is ~0.15 s of CPU);
    /// a login beyond them is answered 503 at once rather than occupying a request thread.
    static constexpr int kMaxConcurrentHashes = 2;

    Accounts(db::Pool& pool, const Logger& log);

    http::Response handle(const http::Request& request);

    /// The API's alternative to OAuth: the user of a valid session cookie, or nullopt when the
    /// request carries none. A state-changing request whose X-CSRFToken does not match the
    /// session's token throws api::ApiError 403, so a forged cross-site request changes nothing.
    std::optional<api::User> apiUser(db::Connection& conn, const http::Request& request) const;

    const LoginStats& stats() const { return stats_; }

  private:
    http::Response login(const http::Request& request);
    http::Response session(const http::Request& request);
    http::Response logout(const http::Request& request);

    db::Pool& pool_;
    const Logger& log_;
    auth::LoginThrottle throttle_;
    std::atomic<int> hashing_{0};
    LoginStats stats_;
};

/// True for methods that must not change anything (no CSRF token needed).
bool isSafeMethod(const std::string& method);

}  // namespace maas::region::ui
