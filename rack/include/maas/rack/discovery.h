#pragma once

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "maas/common/https_client.h"
#include "maas/common/secret.h"
#include "maas/rack/endpoint.h"

namespace maas::rack {

class DiscoveryError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// An answer that does not carry a valid MAC under this cluster's secret: perhaps forged, or from
/// another MAAS. Its endpoints are never used.
class UnverifiedDiscovery : public DiscoveryError {
  public:
    using DiscoveryError::DiscoveryError;
};

/// Checks the answer's signature header; throws UnverifiedDiscovery naming the URL.
void verifyDiscoveryAnswer(const std::string& url, const std::string& body,
                           const std::string& signature, const Bytes& secret);

/// "<maas_url>/rpc/" with exactly one slash between the parts.
std::string discoveryUrl(const std::string& maas_url);

/// The host part of an http(s) URL (without brackets), for wildcard substitution.
std::string urlHost(const std::string& url);

/// Parses {"eventloops": {"<host>:pid=<pid>": [["<ip>", <port>], ...]}}. A wildcard address
/// (0.0.0.0, ::) is replaced by fallback_host, the host the answer came from. Duplicates are
/// removed. Throws DiscoveryError naming the problem.
std::vector<Endpoint> parseDiscovery(const std::string& body, const std::string& fallback_host);

/// GET <maas_url>/rpc/ with a deadline; only an answer signed with `secret` counts. An https
/// URL's certificate must chain to `trust` (rackd.conf maas_ca_file, else the system's store)
/// and name the URL's host. Throws UnverifiedDiscovery for an unsigned or wrongly signed
/// answer, DiscoveryError otherwise (a refused certificate included).
std::vector<Endpoint> fetchDiscovery(const std::string& maas_url, std::chrono::milliseconds timeout,
                                     const Bytes& secret, const https::ClientTrust& trust = {});

}  // namespace maas::rack
