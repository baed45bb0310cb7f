#include "maas/region/api/cached_read.h"

#include "maas/region/http/negotiation.h"
#include "maas/region/power/power_store.h"
#include "maas/region/store/list_stamp_store.h"

namespace maas::region::api {

bool cachedListAction(const std::string& action) {
    return action == "MachinesHandler.read" || action == "SubnetsHandler.read";
}

http::Response cachedRead(ListCache& cache, const std::string& action, const ActionImpl& impl,
                          const Call& call) {
    if (!call.user || call.request.method != "GET")
        return impl.run(call);
    auto& conn = call.db();
    const auto stamp = store::readListStamp(conn, power::kRackDeadAfter);
    const bool gzip = http::acceptsGzip(call.request.accept_encoding);
    // Admins see every machine; anyone else unowned machines and their own (node_filter).
    const auto visibility =
        call.user->is_superuser ? std::string("admin") : "user:" + call.user->username;
    const auto key = listCacheKey(action, visibility, call.params.items(), gzip);
    if (const auto hit = cache.find(key, stamp))
        return conditionalAnswer(hit, call.request.if_none_match);
    auto response = impl.run(call);
    if (response.status != 200)
        return response;
    http::negotiate(response, "GET", "", gzip ? "gzip" : "identity");
    response.negotiated = true;
    const auto kept = std::make_shared<const http::Response>(std::move(response));
    if (store::readListStamp(conn, power::kRackDeadAfter) == stamp)
        cache.put(key, stamp, kept);
    return conditionalAnswer(kept, call.request.if_none_match);
}

}  // namespace maas::region::api
