#include "maas/region/ui/cookies.h"

namespace maas::region::ui {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

}  // namespace

std::optional<std::string> cookieValue(std::string_view header, std::string_view name) {
    while (!header.empty()) {
        const auto end = header.find(';');
        const auto pair = trim(header.substr(0, end));
        header = end == std::string_view::npos ? std::string_view{} : header.substr(end + 1);
        const auto eq = pair.find('=');
        if (eq == std::string_view::npos || trim(pair.substr(0, eq)) != name)
            continue;
        auto value = trim(pair.substr(eq + 1));
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
            value = value.substr(1, value.size() - 2);
        return std::string(value);
    }
    return std::nullopt;
}

bool isWellFormedToken(std::string_view token) {
    if (token.size() != 64)
        return false;
    for (const char c : token)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    return true;
}

std::string sessionCookie(std::string_view token, long max_age_seconds, bool secure) {
    std::string c = std::string(kSessionCookie) + "=" + std::string(token) +
                    "; Path=/MAAS/; Max-Age=" + std::to_string(max_age_seconds) +
                    "; HttpOnly; SameSite=Strict";
    if (secure)
        c += "; Secure";
    return c;
}

std::string expiredSessionCookie() {
    return std::string(kSessionCookie) + "=; Path=/MAAS/; Max-Age=0; HttpOnly; SameSite=Strict";
}

}  // namespace maas::region::ui
