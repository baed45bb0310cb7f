#include "maas/region/http/https_redirect.h"

#include <array>
#include <cctype>
#include <string_view>

namespace maas::region::http {

namespace {

constexpr std::array<std::string_view, 5> kStayOnHttp = {"/MAAS/rpc", "/MAAS/rpc/", "/MAAS/healthz",
                                                         "/MAAS/readyz", "/MAAS/metrics"};

/// The host part of a Host header ("h", "h:5240", "[::1]:5240"), or "" when it holds anything
/// a host name or address would not: the client's header never shapes more than the host.
std::string hostOnly(const std::string& header) {
    std::string host = header;
    if (host.starts_with('[')) {
        const auto close = host.find(']');
        host = close == std::string::npos ? "" : host.substr(0, close + 1);
    } else if (const auto colon = host.find(':'); colon != std::string::npos) {
        host.resize(colon);
    }
    for (const char ch : host)
        if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '-' || ch == ':' ||
              ch == '[' || ch == ']'))
            return "";
    return host.size() > 255 ? "" : host;
}

std::string literalHost(const std::string& address) {
    return address.find(':') != std::string::npos ? "[" + address + "]" : address;
}

}  // namespace

std::optional<std::string> httpsLocation(const Request& request, int tls_port) {
    if (request.secure || tls_port <= 0 || !request.path.starts_with("/MAAS"))
        return std::nullopt;
    for (const auto stay : kStayOnHttp)
        if (request.path == stay)
            return std::nullopt;
    auto host = hostOnly(request.host);
    if (host.empty())
        host = literalHost(request.local_address);
    auto location = "https://" + host + ":" + std::to_string(tls_port) + request.path;
    if (!request.query.empty())
        location += "?" + request.query;
    return location;
}

Response httpsRedirect(const Request& request, const std::string& location) {
    const bool keeps_method = request.method == "GET" || request.method == "HEAD";
    auto r = Response::text(keeps_method ? 301 : 308, "Moved to " + location + "\n");
    r.headers.emplace_back("Location", location);
    r.metric_label = "https_redirect";
    return r;
}

}  // namespace maas::region::http
