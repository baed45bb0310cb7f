#pragma once

#include <optional>
#include <string>

#include "maas/region/http/message.h"

namespace maas::region::http {

/// While TLS is on, a request to the plain HTTP port for the UI or the API is sent to the same
/// path on the HTTPS port (301 for GET and HEAD, 308 otherwise so a method and its body are
/// kept); what racks and balancers use over HTTP stays there: rack discovery (/MAAS/rpc/),
/// healthz, readyz and metrics. Returns the Location, or nullopt to serve the request (pure).
std::optional<std::string> httpsLocation(const Request& request, int tls_port);

/// The redirect for a Location httpsLocation gave.
Response httpsRedirect(const Request& request, const std::string& location);

}  // namespace maas::region::http
