#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "maas/common/oauth.h"

namespace maas::region::auth {

// Percent coding, API keys and the client header are common (maas/common/oauth.h); this is the
// server half.

/// The OAuth 1.0a parameters MAAS requires, taken from an `Authorization: OAuth ...` header.
struct OAuthParams {
    std::string consumer_key;
    std::string token;
    std::string signature;  ///< percent-decoded
    std::string signature_method;
    int64_t timestamp = 0;
    std::string nonce;
};

/// Parses the header value. Returns the problem text on failure (missing parameter, bad
/// quoting, non-integer timestamp). Never throws.
std::variant<OAuthParams, std::string> parseOAuthHeader(std::string_view header);

/// PLAINTEXT check: signature == encode(consumer_secret) "&" encode(token_secret), compared in
/// constant time. MAAS consumers have an empty secret.
bool checkPlaintextSignature(const OAuthParams& params, std::string_view token_secret,
                             std::string_view consumer_secret = "");

/// Accepted distance between a request's oauth_timestamp and our clock.
inline constexpr int64_t kTimestampWindowSeconds = 300;
bool timestampAcceptable(int64_t timestamp, int64_t now);

}  // namespace maas::region::auth
