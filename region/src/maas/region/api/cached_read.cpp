#include "maas/region/api/cached_read.h"

#include "maas/region/http/negotiation.h"
#include "maas/region/power/power_store.h"
#include "maas/region/store/list_stamp_store.h"
#include "maas/region/store/node_store.h"

namespace maas::region::api {

namespace {

std::string cacheKeyOf(const std::string& action, const Call& call) {
    const bool gzip = http::acceptsGzip(call.request.accept_encoding);
    // Admins see every machine; anyone else unowned machines and their own (node_filter).
    const auto visibility =
        call.user->is_superuser ? std::string("admin") : "user:" + call.user->username;
    return listCacheKey(action, visibility, call.params.items(), gzip);
}

}  // namespace

const std::set<int>& stampedControllers(const std::string& action) {
    static const std::set<int> none;
    if (action == "RackControllersHandler.read")
        return store::kRackTypes;
    if (action == "RegionControllersHandler.read")
        return store::kRegionTypes;
    return none;
}

bool cachedListAction(const std::string& action) {
    return action == "MachinesHandler.read" || action == "SubnetsHandler.read" ||
           !stampedControllers(action).empty();
}

std::optional<http::Response> cachedHit(ListCache& cache, const std::string& action,
                                        const Call& call, const ListStamp& stamp) {
    if (!call.user || call.request.method != "GET")
        return std::nullopt;
    if (const auto hit = cache.find(cacheKeyOf(action, call), stamp))
        return conditionalAnswer(hit, call.request.if_none_match);
    return std::nullopt;
}

http::Response cachedRead(ListCache& cache, const std::string& action, const ActionImpl& impl,
                          const Call& call, std::optional<ListStamp> stamp_read) {
    if (!call.user || call.request.method != "GET")
        return impl.run(call);
    auto& conn = call.db();
    const auto& controllers = stampedControllers(action);
    const auto stamp =
        stamp_read ? *stamp_read : store::readListStamp(conn, power::kRackDeadAfter, controllers);
    const bool gzip = http::acceptsGzip(call.request.accept_encoding);
    const auto key = cacheKeyOf(action, call);
    if (const auto hit = cache.find(key, stamp))
        return conditionalAnswer(hit, call.request.if_none_match);
    // Another request building this very answer: wait for it rather than build it again.
    auto ticket = cache.flights().join(key, stamp);
    if (ticket.role() == ListFlights::Role::follow) {
        if (const auto built = cache.flights().await(ticket))
            return conditionalAnswer(built, call.request.if_none_match);
    }  // else it failed or is stuck: build it here, as without a cache
    auto response = impl.run(call);  // a throw lands the leader's ticket empty
    if (response.status != 200)
        return response;
    http::negotiate(response, "GET", "", gzip ? "gzip" : "identity");
    response.negotiated = true;
    const auto kept = std::make_shared<const http::Response>(std::move(response));
    if (store::readListStamp(conn, power::kRackDeadAfter, controllers) == stamp) {
        cache.put(key, stamp, kept);
        cache.flights().land(ticket, kept);  // exactly the followers' stamp's answer
    }
    return conditionalAnswer(kept, call.request.if_none_match);
}

}  // namespace maas::region::api
