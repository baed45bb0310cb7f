#include "maas/region/http/site.h"

#include "maas/region/api/discovery.h"
#include "maas/region/db/migrations.h"
#include "maas/region/http/https_redirect.h"
#include "maas/region/store/process_store.h"
#include "maas/rpc/discovery_signature.h"

namespace maas::region::http {

Site::Site(db::Pool& pool, api::Dispatcher& api, Metrics& metrics, Options options)
    : pool_(pool), api_(api), metrics_(metrics), options_(std::move(options)) {}

Response Site::handle(const Request& request) {
    const auto& path = request.path;
    if (const auto location = httpsLocation(request, tls_port_.load()))
        return httpsRedirect(request, *location);
    if (path.starts_with(api::kApiPrefix))
        return api_.handle(request);
    if (ui_)
        if (auto r = ui_(request))
            return *r;
    Response r;
    if (path == "/MAAS/healthz") {
        r = Response::text(200, "ok\n");
    } else if (path == "/MAAS/readyz") {
        r = readyz();
    } else if (path == "/MAAS/metrics") {
        r = Response::text(200, metrics_.render());
        r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    } else if (path == "/MAAS/rpc/" || path == "/MAAS/rpc") {
        r = discovery(request);
    } else {
        r = Response::text(404, "Not found: " + path);
        r.metric_label = "notfound";
        return r;
    }
    r.metric_label = path.substr(6);  // "healthz", "readyz", "metrics", "rpc/"
    if (r.metric_label.ends_with('/'))
        r.metric_label.pop_back();
    if (request.method != "GET" && request.method != "HEAD")
        return Response::text(405, "Method not allowed");
    return r;
}

Response Site::readyz() {
    // A worker whose connections are all busy serving is still ready: its last good answer
    // stands for a while, and a fresh check waits 1 s for a connection, not a request's 5 s.
    constexpr auto kStillReady = std::chrono::seconds(10);
    const auto now = std::chrono::steady_clock::now();
    {
        std::lock_guard lock(ready_mutex_);
        if (last_ready_ && now - *last_ready_ < kStillReady && pool_.inUse() >= pool_.maxSize())
            return Response::text(200, "ready\n");
    }
    auto r = readyzFromDatabase();
    if (r.status == 200) {
        std::lock_guard lock(ready_mutex_);
        last_ready_ = now;
    }
    return r;
}

Response Site::readyzFromDatabase() {
    try {
        auto lease = pool_.acquireWithin(std::chrono::milliseconds(1000));
        const auto status = db::schemaStatus(*lease, db::embeddedMigrations());
        if (!status.current())
            return Response::text(503, "schema at " + std::to_string(status.applied_max) +
                                           ", this region needs " +
                                           std::to_string(status.known_max) + "\n");
        return Response::text(200, "ready\n");
    } catch (const std::exception& e) {
        return Response::text(503, std::string("not ready: ") + e.what() + "\n");
    }
}

Response Site::discovery(const Request& request) {
    try {
        auto lease = pool_.acquire();
        const auto workers = store::ProcessStore(*lease).live(options_.stale_seconds);
        auto r =
            Response::json(api::discoveryJson(workers, options_.hostname, request.local_address));
        if (!discovery_secret_.empty())
            r.headers.emplace_back(maas::rpc::kDiscoverySignatureHeader,
                                   maas::rpc::signDiscovery(discovery_secret_, r.body));
        return r;
    } catch (const std::exception& e) {
        return Response::text(503, std::string("discovery unavailable: ") + e.what());
    }
}

}  // namespace maas::region::http
