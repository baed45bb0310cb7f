#include "maas/rpc/discovery_signature.h"

#include "maas/common/tls_psk.h"

namespace maas::rpc {

namespace {

constexpr std::string_view kLabel = "maas-rpc/1 discovery-mac";
constexpr std::string_view kScheme = "hmac-sha256=";

Bytes mac(const Bytes& secret, std::string_view body) {
    return hmacSha256(maas::tls::deriveKey(secret, kLabel), Bytes(body.begin(), body.end()));
}

}  // namespace

std::string signDiscovery(const Bytes& secret, std::string_view body) {
    return std::string(kScheme) + toHex(mac(secret, body));
}

bool verifyDiscovery(const Bytes& secret, std::string_view body, std::string_view header) {
    if (!header.starts_with(kScheme) || header.size() != kScheme.size() + 64) {
        return false;
    }
    Bytes given;
    try {
        given = fromHex(header.substr(kScheme.size()));
    } catch (const std::invalid_argument&) {
        return false;
    }
    return constantTimeEqual(given, mac(secret, body));
}

}  // namespace maas::rpc
