#include "maas/region/ui/accounts.h"

#include "maas/common/secret.h"
#include "maas/region/api/errors.h"
#include "maas/region/auth/password.h"
#include "maas/region/db/event_log.h"
#include "maas/region/http/form.h"
#include "maas/region/ui/cookies.h"
#include "maas/region/ui/session_json.h"
#include "maas/region/ui/session_store.h"

namespace maas::region::ui {

namespace {

constexpr const char* kBadLogin = "Invalid username or password.";
constexpr const char* kCsrfFailed =
    "CSRF verification failed: the X-CSRFToken header is missing or does not match the session.";

bool sameToken(const std::string& a, const std::string& b) {
    return constantTimeEqual(Bytes(a.begin(), a.end()), Bytes(b.begin(), b.end()));
}

std::optional<std::string> sessionToken(const http::Request& request) {
    auto token = cookieValue(request.cookie, kSessionCookie);
    if (!token || !isWellFormedToken(*token))
        return std::nullopt;
    return token;
}

/// One of a bounded number of places to run a password hash, given back however the login ends.
class HashingSlot {
  public:
    HashingSlot(std::atomic<int>& in_use, int limit)
        : in_use_(in_use), held_(in_use.fetch_add(1) < limit) {
        if (!held_)
            --in_use_;
    }
    ~HashingSlot() {
        if (held_)
            --in_use_;
    }
    HashingSlot(const HashingSlot&) = delete;
    HashingSlot& operator=(const HashingSlot&) = delete;
    bool held() const { return held_; }

  private:
    std::atomic<int>& in_use_;
    bool held_;
};

http::Response withNoStore(http::Response r) {
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
}

}  // namespace

bool isSafeMethod(const std::string& method) {
    return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

// Checked instead of a real hash when the user does not exist, at the same cost (600000
// iterations, as hashPassword's default), so the response time does not tell whether a
// username exists. It is the hash of no one's password; nothing needs it to be secret.
constexpr const char* kDummyHash =
    "pbkdf2_sha256$600000$6d6161732d75692d64756d6d792d2d21$"
    "0000000000000000000000000000000000000000000000000000000000000000";

Accounts::Accounts(db::Pool& pool, const Logger& log) : pool_(pool), log_(log) {}

http::Response Accounts::handle(const http::Request& request) {
    http::Response r;
    try {
        const std::string rest = request.path.substr(std::string(kAccountsPrefix).size());
        if (rest == "login/")
            r = request.method == "POST" ? login(request) : http::Response::text(405, "Use POST");
        else if (rest == "session/")
            r = isSafeMethod(request.method) ? session(request)
                                             : http::Response::text(405, "Use GET");
        else if (rest == "logout/")
            r = request.method == "POST" ? logout(request) : http::Response::text(405, "Use POST");
        else
            r = http::Response::text(404, "Not found: " + request.path);
    } catch (const api::ApiError& e) {
        r.status = e.status();
        r.content_type = e.contentType();
        r.body = e.body();
    } catch (const http::FormError& e) {
        r = http::Response::text(400, std::string("Bad request body: ") + e.what());
    }
    r.metric_label = "accounts";
    return withNoStore(std::move(r));
}

namespace {

/// The audit record of a session starting or ending, as MAAS writes "Logged in admin.".
db::NewEvent authorisationEvent(const std::string& what, const std::string& username,
                                const http::Request& request) {
    return {db::event_types::kAuthorisation,
            what + " " + username + ".",
            std::nullopt,
            "",
            username,
            request.peer_address};
}

}  // namespace

http::Response Accounts::login(const http::Request& request) {
    const auto params = http::parseBody(request.content_type, request.body);
    const auto username = params.get("username").value_or("");
    const auto password = params.get("password").value_or("");
    api::FieldErrors missing;
    if (username.empty())
        missing.add("username", "This field is required.");
    if (password.empty())
        missing.add("password", "This field is required.");
    for (const auto& [field, value] : {std::pair{"username", &username}, {"password", &password}})
        if (value->find('\0') != std::string::npos)
            missing.add(field, "NUL characters are not allowed.");
    if (!missing.empty())
        throw api::badRequest(missing);

    const auto now = auth::LoginThrottle::Clock::now();
    if (const auto wait = throttle_.blockedFor(username, request.peer_address, now)) {
        ++stats_.throttled;
        const auto seconds = std::to_string((wait->count() + 999) / 1000);
        auto r = http::Response::text(
            429, "Too many failed logins for this user or address; try again in " + seconds +
                     " seconds.");
        r.headers.emplace_back("Retry-After", seconds);
        return r;
    }
    std::optional<LoginCandidate> candidate;
    {
        // Read, then give the connection back: hashing takes ~0.15 s and must not hold one.
        auto lease = pool_.acquire();
        candidate = SessionStore(*lease).loginCandidate(username);
    }
    bool ok = false;
    {
        const HashingSlot slot(hashing_, kMaxConcurrentHashes);
        if (!slot.held()) {
            ++stats_.busy;
            auto r = http::Response::text(503, "Too many logins at once; try again in a second.");
            r.headers.emplace_back("Retry-After", "1");
            return r;
        }
        ok = auth::verifyPassword(password, candidate ? candidate->password_hash : kDummyHash) &&
             candidate.has_value();
    }
    if (!ok) {
        throttle_.recordFailure(username, request.peer_address, now);
        ++stats_.failed;
        log_.log(kLoginFailed, "failed login",
                 {{"username", username}, {"address", request.peer_address}});
        return http::Response::text(401, kBadLogin);
    }
    throttle_.recordSuccess(username, request.peer_address);
    auto lease = pool_.acquire();
    db::Transaction tx(*lease);
    SessionStore store(*lease);
    store.purgeExpired();
    const auto created = store.create(candidate->user.id);
    db::recordEvent(*lease, authorisationEvent("Logged in", candidate->user.username, request));
    tx.commit();
    auto r = http::Response::json(sessionJson(candidate->user, created.csrf_token));
    r.headers.emplace_back("Set-Cookie",
                           sessionCookie(created.token, SessionStore::kLifetimeSeconds, false));
    return r;
}

http::Response Accounts::session(const http::Request& request) {
    const auto token = sessionToken(request);
    if (!token)
        return http::Response::text(401, "Not logged in.");
    auto lease = pool_.acquire();
    const auto found = SessionStore(*lease).find(*token);
    if (!found)
        return http::Response::text(401, "Not logged in.");
    return http::Response::json(sessionJson(found->user, found->csrf_token));
}

http::Response Accounts::logout(const http::Request& request) {
    auto lease = pool_.acquire();
    if (const auto token = sessionToken(request)) {
        SessionStore store(*lease);
        // Only the page holding the CSRF token may end the session; a forged POST is refused.
        if (const auto found = store.find(*token)) {
            if (!sameToken(request.csrf_token, found->csrf_token))
                throw api::ApiError(403, kCsrfFailed);
            db::Transaction tx(*lease);
            store.remove(*token);
            db::recordEvent(*lease,
                            authorisationEvent("Logged out", found->user.username, request));
            tx.commit();
        }
    }
    http::Response r;
    r.status = 204;
    r.content_type.clear();
    r.headers.emplace_back("Set-Cookie", expiredSessionCookie());
    return r;
}

std::optional<api::User> Accounts::apiUser(db::Connection& conn,
                                           const http::Request& request) const {
    const auto token = sessionToken(request);
    if (!token)
        return std::nullopt;
    const auto found = SessionStore(conn).find(*token);
    if (!found)
        return std::nullopt;
    if (!isSafeMethod(request.method) && !sameToken(request.csrf_token, found->csrf_token))
        throw api::ApiError(403, kCsrfFailed);
    return found->user;
}

}  // namespace maas::region::ui
