#pragma once

#include <optional>
#include <string>

#include "maas/region/api/models.h"
#include "maas/region/db/pool.h"
#include "maas/region/http/message.h"

namespace maas::region::ui {

inline constexpr const char* kAccountsPrefix = "/MAAS/accounts/";

/// Browser logins: POST /MAAS/accounts/login/ (username, password) sets an HttpOnly,
/// SameSite=Strict session cookie and returns {username, is_superuser, csrf_token};
/// GET /MAAS/accounts/session/ says who the cookie belongs to (401 if nobody);
/// POST /MAAS/accounts/logout/ (CSRF header required) ends the session.
class Accounts {
  public:
    explicit Accounts(db::Pool& pool);

    http::Response handle(const http::Request& request);

    /// The API's alternative to OAuth: the user of a valid session cookie, or nullopt when the
    /// request carries none. A state-changing request whose X-CSRFToken does not match the
    /// session's token throws api::ApiError 403, so a forged cross-site request changes nothing.
    std::optional<api::User> apiUser(db::Connection& conn, const http::Request& request) const;

  private:
    http::Response login(const http::Request& request);
    http::Response session(const http::Request& request);
    http::Response logout(const http::Request& request);

    db::Pool& pool_;
    std::string dummy_hash_;  ///< checked when the user does not exist, so timing tells nothing
};

/// True for methods that must not change anything (no CSRF token needed).
bool isSafeMethod(const std::string& method);

}  // namespace maas::region::ui
