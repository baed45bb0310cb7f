#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "maas/common/secret.h"
#include "maas/region/api/dispatcher.h"
#include "maas/region/db/pool.h"
#include "maas/region/http/message.h"
#include "maas/region/http/metrics.h"

namespace maas::region::http {

/// Everything under /MAAS/: health, readiness, metrics, rack discovery and the API.
class Site {
  public:
    struct Options {
        std::string hostname;  ///< this host, for discovery
        int stale_seconds = 30;
    };

    Site(db::Pool& pool, api::Dispatcher& api, Metrics& metrics, Options options);

    Response handle(const Request& request);

    /// The web UI's paths (/MAAS/r/, /MAAS/accounts/): a response, or nullopt if not its own.
    using UiHandler = std::function<std::optional<Response>(const Request&)>;
    void setUiHandler(UiHandler handler) { ui_ = std::move(handler); }

    /// Signs every /MAAS/rpc/ answer with a MAC keyed by the cluster's shared secret, so racks
    /// can tell it from a forged one. Call before serving.
    void setDiscoverySecret(Bytes secret) { discovery_secret_ = std::move(secret); }

    /// The HTTPS port while TLS is on (0: off): UI and API requests on plain HTTP go there.
    void setTlsPort(int port) { tls_port_ = port; }

  private:
    Response readyz();
    Response readyzFromDatabase();
    Response discovery(const Request& request);

    db::Pool& pool_;
    api::Dispatcher& api_;
    Metrics& metrics_;
    Options options_;
    UiHandler ui_;
    Bytes discovery_secret_;
    std::atomic<int> tls_port_{0};
    std::mutex ready_mutex_;
    std::optional<std::chrono::steady_clock::time_point> last_ready_;  ///< last 200
};

}  // namespace maas::region::http
