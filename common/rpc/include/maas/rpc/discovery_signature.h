#pragma once

#include <string>
#include <string_view>

#include "maas/common/secret.h"

namespace maas::rpc {

/// The header that carries the MAC of a `GET /MAAS/rpc/` answer. The body stays MAAS's own
/// document; clients that do not check the header read it as before.
inline constexpr const char* kDiscoverySignatureHeader = "X-MAAS-RPC-Signature";

/// "hmac-sha256=<hex>" over the exact body bytes, keyed by a key derived from the shared
/// secret for this purpose only (HKDF label "maas-rpc/1 discovery-mac").
std::string signDiscovery(const Bytes& secret, std::string_view body);

/// True when `header` is the signature of `body` under this secret (constant-time compare).
bool verifyDiscovery(const Bytes& secret, std::string_view body, std::string_view header);

}  // namespace maas::rpc
