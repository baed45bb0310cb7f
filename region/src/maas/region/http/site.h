#pragma once

#include <functional>
#include <string>

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

  private:
    Response readyz();
    Response discovery(const Request& request);

    db::Pool& pool_;
    api::Dispatcher& api_;
    Metrics& metrics_;
    Options options_;
};

}  // namespace maas::region::http
