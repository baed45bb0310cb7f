#include "maas/region/api/dispatcher.h"

#include <algorithm>
#include <thread>

#include "maas/region/api/access.h"
#include "maas/region/api/cached_read.h"
#include "maas/region/api/describe.h"
#include "maas/region/api/errors.h"
#include "maas/region/auth/oauth.h"
#include "maas/region/power/power_store.h"
#include "maas/region/store/token_stamp_store.h"
#include "maas/region/store/users_store.h"

namespace maas::region::api {

namespace {

constexpr const char* kInvalidKey = "Authorization Error: Invalid API key.";

http::Response fromError(const ApiError& e) {
    http::Response r;
    r.status = e.status();
    r.content_type = e.contentType();
    r.body = e.body();
    return r;
}

// PostgreSQL text cannot hold NUL, and C strings end at it: refused, never truncated.
void rejectNulBytes(const http::FormParams& params) {
    FieldErrors errors;
    for (const auto& [name, value] : params.items()) {
        if (name.find('\0') != std::string::npos || value.find('\0') != std::string::npos) {
            std::string field = name;
            std::replace(field.begin(), field.end(), '\0', '?');
            errors.add(field, "NUL characters are not allowed.");
        }
    }
    if (!errors.empty())
        throw badRequest(errors);
}

ApiError expiredTimestamp(int64_t timestamp, int64_t now) {
    return ApiError(401, "Authorization Error: Expired timestamp: given " +
                             std::to_string(timestamp) + " and now " + std::to_string(now) +
                             " has a greater difference than " +
                             std::to_string(auth::kTimestampWindowSeconds) + " seconds.");
}

const auth::OAuthParams& oauthParams(const std::variant<auth::OAuthParams, std::string>& parsed) {
    if (std::holds_alternative<std::string>(parsed))
        throw ApiError(401, kInvalidKey);
    return std::get<auth::OAuthParams>(parsed);
}

std::string siteUrl(const http::Request& request) {
    // Absolute URIs (describe/, resource links) keep the scheme the client used.
    return (request.secure ? "https://" : "http://") +
           (request.host.empty() ? request.local_address : request.host);
}

}  // namespace

Dispatcher::Dispatcher(db::Pool& pool, SiteInfo site, Clock clock)
    : pool_(pool), site_(std::move(site)), clock_(std::move(clock)) {
    registerUserActions(actions_);
    registerControllerActions(actions_);
    registerFabricActions(actions_);
    registerSubnetActions(actions_);
    registerMachineActions(actions_);
    registerLeaseActions(actions_);
    registerInterfaceActions(actions_);
    registerInterfaceLinkActions(actions_);
    registerIpAddressActions(actions_);
    registerSubnetUsageActions(actions_);
    registerNodeUpdateActions(actions_);
    registerAccountActions(actions_);
    registerEventActions(actions_);
    registerNotificationActions(actions_);
    actions_["VersionHandler.read"] = {
        [](const Call& call) {
            return http::Response::json(
                "{\"capabilities\": [\"networks-management\", \"static-ipaddresses\"], "
                "\"version\": \"" +
                call.site.version + "\", \"subversion\": \"\"}");
        },
        false};
    actions_["DescribeHandler.read"] = {
        [](const Call& call) {
            return http::Response::json(describeDocument(apiResources(), siteUrl(call.request)));
        },
        false};
    hash_ = api::apiHash(apiResources());
}

http::Response Dispatcher::handle(const http::Request& request) {
    http::Response response;
    try {
        response = dispatch(request);
    } catch (const ApiError& e) {
        response = fromError(e);
    } catch (const db::PoolTimeout& e) {
        response = http::Response::text(503, "Database busy: " + std::string(e.what()));
    } catch (const db::PgError& e) {
        if (!e.isConnectionLost())
            throw;  // a 500: the server logs the detail and answers with a reference only
        response = http::Response::text(503,
                                        "No writable database is reachable; retry "
                                        "later. (" +
                                            std::string(e.what()) + ")");
    } catch (const http::FormError& e) {
        response = http::Response::text(400, std::string("Bad request body: ") + e.what());
    }
    if (response.metric_label == "other") {
        const auto match = matchRoute(apiResources(), request.path);
        response.metric_label = match ? match->resource->handler : "unknown";
    }
    response.headers.emplace_back("X-MAAS-API-Hash", hash_);
    return response;
}

std::optional<User> Dispatcher::authenticate(db::Connection& conn, const std::string& header) {
    const auto parsed = auth::parseOAuthHeader(header);
    const auto& params = oauthParams(parsed);
    store::UsersStore users(conn);
    const auto owner = users.lookupToken(params.token);
    if (!owner || owner->consumer_key != params.consumer_key ||
        !auth::checkPlaintextSignature(params, owner->token_secret))
        throw ApiError(401, kInvalidKey);
    const auto now = clock_();
    if (!auth::timestampAcceptable(params.timestamp, now))
        throw expiredTimestamp(params.timestamp, now);
    if (!users.consumeNonce(params.token, params.nonce))
        throw ApiError(401, "Authorization Error: Nonce already used: " + params.nonce);
    return owner->user;
}

Dispatcher::StampedUser Dispatcher::authenticateListRead(db::Connection& conn,
                                                         const std::string& header,
                                                         const std::string& action) {
    const auto parsed = auth::parseOAuthHeader(header);
    const auto& params = oauthParams(parsed);
    const auto secret = auth::plaintextTokenSecret(params);
    if (!secret)  // no token secret gives this signature: refused as a wrong one is
        throw ApiError(401, kInvalidKey);
    const auto now = clock_();
    const store::TokenClaim claim{params.token, params.consumer_key,
                                  auth::tokenSecretDigest(*secret), params.nonce,
                                  auth::timestampAcceptable(params.timestamp, now)};
    const auto checked =
        store::checkClaimAndStamp(conn, claim, power::kRackDeadAfter, stampedControllers(action));
    // The causes in authenticate()'s order: key, then timestamp, then nonce.
    if (!checked.user)
        throw ApiError(401, kInvalidKey);
    if (!claim.timestamp_ok)
        throw expiredTimestamp(params.timestamp, now);
    if (!checked.nonce_spent)
        throw ApiError(401, "Authorization Error: Nonce already used: " + params.nonce);
    return {*checked.user, checked.stamp};
}

bool Dispatcher::oauthListRead(const http::Request& request, const std::string& action,
                               const ActionImpl& impl) const {
    return list_cache_ && request.method == "GET" && !request.authorization.empty() &&
           !impl.own_transactions && cachedListAction(action);
}

User Dispatcher::authenticateRequest(db::Connection& conn, const http::Request& request) {
    std::optional<User> user;
    if (!request.authorization.empty())
        user = authenticate(conn, request.authorization);
    else if (session_auth_)
        user = session_auth_(conn, request);
    if (!user)
        throw ApiError(401, kInvalidKey);
    return *user;
}

http::Response Dispatcher::dispatch(const http::Request& request) {
    const auto match = matchRoute(apiResources(), request.path);
    if (!match)
        return http::Response::text(404, "Unknown API endpoint: " + request.path + ".");
    const Resource& resource = *match->resource;

    auto params = http::parseUrlEncoded(request.query);
    params.merge(http::parseBody(request.content_type, request.body));
    rejectNulBytes(params);
    // An empty op is no op, as in MAAS (gomaasapi sends op= with every restful call).
    auto op = params.get("op");
    if (op && op->empty())
        op.reset();
    const auto choice = chooseAction(resource, request.method, op);
    if (!choice.action) {
        auto r = http::Response::text(choice.status, choice.error);
        r.metric_label = resource.handler;
        return r;
    }
    const auto impl = actions_.find(resource.handler + "." + choice.action->name);
    if (impl == actions_.end())
        return http::Response::text(
            501, "Not implemented: " + resource.handler + "." + choice.action->name);

    std::optional<User> user;
    http::Response response;
    if (!resource.anonymous || impl->second.needs_db) {
        // A connection lost mid-request (the primary died) is retried on a fresh connection
        // when that is safe (db::RetryPolicy); the user authenticated once stays authenticated,
        // since the nonce is already spent.
        for (int attempt = 1;; ++attempt) {
            bool commit_sent = false;
            try {
                auto lease = pool_.acquire();
                // An OAuth read of a cached list checks its token and nonce and reads its
                // stamp in one statement; a hit then needs no transaction at all.
                std::optional<ListStamp> stamp;
                if (!resource.anonymous && !user &&
                    oauthListRead(request, impl->first, impl->second)) {
                    auto checked = authenticateListRead(*lease, request.authorization, impl->first);
                    user = std::move(checked.user);
                    stamp = std::move(checked.stamp);
                    const Call call{request, params, match->params, user, &*lease, site_};
                    authorise(resource, *choice.action, call);
                    if (auto hit = cachedHit(*list_cache_, impl->first, call, *stamp)) {
                        response = std::move(*hit);
                        break;
                    }
                } else if (!resource.anonymous && !user) {
                    user = authenticateRequest(*lease, request);
                }
                if (impl->second.own_transactions) {
                    authorise(resource, *choice.action,
                              Call{request, params, match->params, user, &*lease, site_});
                    break;  // the lease goes back before the action runs
                }
                db::Transaction tx(*lease);
                const Call call{request, params, match->params, user, &*lease, site_};
                authorise(resource, *choice.action, call);
                response = list_cache_ && cachedListAction(impl->first)
                               ? cachedRead(*list_cache_, impl->first, impl->second, call, stamp)
                               : impl->second.run(call);
                commit_sent = true;
                tx.commit();
                break;
            } catch (const db::PgError& e) {
                if (!e.isConnectionLost())
                    throw;
                pool_.discardIdle();
                const auto wait = retry_.retryAfter(attempt + 1, request.method, commit_sent);
                if (!wait)
                    throw;
                std::this_thread::sleep_for(*wait);
            }
        }
        if (impl->second.own_transactions) {
            const Call call{request, params, match->params, user, nullptr, site_, &pool_};
            response = impl->second.run(call);
        }
    } else {
        const Call call{request, params, match->params, user, nullptr, site_};
        response = impl->second.run(call);
    }
    response.metric_label = resource.handler;
    return response;
}

}  // namespace maas::region::api
