#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace maas::region::ui {

inline constexpr const char* kSessionCookie = "maas_session";
inline constexpr const char* kCsrfHeader = "X-CSRFToken";

/// The value of cookie `name` in a Cookie request header ("a=1; b=2"), or nullopt (pure).
/// Malformed pairs are skipped; the first occurrence wins, as browsers send the most
/// specific path first.
std::optional<std::string> cookieValue(std::string_view header, std::string_view name);

/// A session token as we issue it: 64 lowercase hex characters.
bool isWellFormedToken(std::string_view token);

/// Set-Cookie value for a new session: HttpOnly, SameSite=Strict, Path=/MAAS/; `secure` adds
/// Secure (the login came over the HTTPS listener, so the browser never sends it in clear).
std::string sessionCookie(std::string_view token, long max_age_seconds, bool secure);
/// Set-Cookie value that makes the browser forget the session.
std::string expiredSessionCookie();

}  // namespace maas::region::ui
