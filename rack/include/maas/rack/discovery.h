#pragma once

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "maas/rack/endpoint.h"

namespace maas::rack {

class DiscoveryError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// "<maas_url>/rpc/" with exactly one slash between the parts.
std::string discoveryUrl(const std::string& maas_url);

/// The host part of an http(s) URL (without brackets), for wildcard substitution.
std::string urlHost(const std::string& url);

/// Parses {"eventloops": {"<host>:pid=<pid>": [["<ip>", <port>], ...]}}. A wildcard address
/// (0.0.0.0, ::) is replaced by fallback_host, the host the answer came from. Duplicates are
/// removed. Throws DiscoveryError naming the problem.
std::vector<Endpoint> parseDiscovery(const std::string& body, const std::string& fallback_host);

/// GET <maas_url>/rpc/ with a deadline; throws DiscoveryError.
std::vector<Endpoint> fetchDiscovery(const std::string& maas_url,
                                     std::chrono::milliseconds timeout);

}  // namespace maas::rack
