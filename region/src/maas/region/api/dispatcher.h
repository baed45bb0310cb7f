#pragma once

#include <functional>
#include <optional>
#include <string>

#include "maas/region/api/call.h"
#include "maas/region/api/list_cache.h"
#include "maas/region/api/routes.h"
#include "maas/region/db/pool.h"
#include "maas/region/db/retry_policy.h"
#include "maas/region/http/message.h"

namespace maas::region::api {

/// Serves /MAAS/api/2.0/: route, pick the action, authenticate (OAuth PLAINTEXT, nonce
/// consumed in its own statement so it sticks even when the request fails), then run the
/// action inside one transaction so a rejected request writes nothing (actions that wait on
/// racks take their own short transactions instead: ActionImpl::own_transactions).
class Dispatcher {
  public:
    using Clock = std::function<int64_t()>;  ///< seconds since the epoch

    Dispatcher(db::Pool& pool, SiteInfo site, Clock clock);

    http::Response handle(const http::Request& request);

    /// Authenticates a request without OAuth (the web UI's session cookie): the user, or
    /// nullopt when the request carries no session; may throw ApiError (CSRF).
    using SessionAuth = std::function<std::optional<User>(db::Connection&, const http::Request&)>;
    void setSessionAuth(SessionAuth auth) { session_auth_ = std::move(auth); }
    /// Lets another component register actions (the web UI's registration_info).
    void addActions(const std::function<void(ActionMap&)>& add) { add(actions_); }
    const std::string& apiHash() const { return hash_; }
    /// Answers the cacheable list reads (cached_read.h) from cache; null: no cache.
    void setListCache(ListCache* cache) { list_cache_ = cache; }

  private:
    http::Response dispatch(const http::Request& request);
    std::optional<User> authenticate(db::Connection& conn, const std::string& header);
    struct StampedUser {
        User user;
        ListStamp stamp;
    };
    /// authenticate() for an OAuth read of a cached list, with the list's stamp, in one
    /// statement (store::checkClaimAndStamp); the same refusals with the same texts.
    StampedUser authenticateListRead(db::Connection& conn, const std::string& header,
                                     const std::string& action);
    bool oauthListRead(const http::Request& request, const std::string& action,
                       const ActionImpl& impl) const;
    /// OAuth header, else the session; throws ApiError(401) when neither names a user.
    User authenticateRequest(db::Connection& conn, const http::Request& request);

    db::Pool& pool_;
    db::RetryPolicy retry_;
    SiteInfo site_;
    Clock clock_;
    ActionMap actions_;
    SessionAuth session_auth_;
    std::string hash_;
    ListCache* list_cache_ = nullptr;
};

}  // namespace maas::region::api
