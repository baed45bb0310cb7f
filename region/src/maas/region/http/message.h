#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace maas::region::http {

/// A request as the site sees it, independent of the HTTP library.
struct Request {
    std::string method;
    std::string path;   ///< decoded path without the query string
    std::string query;  ///< raw query string
    std::string content_type;
    std::string authorization;
    std::string cookie;         ///< Cookie header (web UI session)
    std::string csrf_token;     ///< X-CSRFToken header (web UI, state-changing requests)
    std::string host;           ///< Host header
    std::string if_none_match;  ///< If-None-Match (conditional GET, negotiation.h)
    std::string accept_encoding;
    std::string local_address;  ///< the address the client reached us at
    std::string peer_address;   ///< the client's address (the TCP peer)
    bool secure = false;        ///< arrived over TLS (the HTTPS listener)
    std::string body;
};

struct Response {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string metric_label = "other";  ///< handler name for /MAAS/metrics
    /// Set instead of body when the bytes are shared (a list cache entry): sent as they are.
    std::shared_ptr<const std::string> shared_body;
    bool negotiated = false;  ///< ETag, 304 and gzip already applied (api/list_cache.h)

    std::string_view bodyView() const { return shared_body ? *shared_body : body; }

    static Response json(std::string body, int status = 200) {
        Response r;
        r.status = status;
        r.body = std::move(body);
        return r;
    }
    static Response text(int status, std::string body) {
        Response r;
        r.status = status;
        r.content_type = "text/plain; charset=utf-8";
        r.body = std::move(body);
        return r;
    }
};

}  // namespace maas::region::http
