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

/// The token secret a PLAINTEXT signature (empty consumer secret) was made with, when the
/// signature could match any secret at all: checkPlaintextSignature(params, s) holds exactly
/// when s equals it. Lets the database compare digests instead of handing the secret back.
std::optional<std::string> plaintextTokenSecret(const OAuthParams& params);

/// Lower-case hex SHA-256 of a token secret: what the one-statement check compares with
/// PostgreSQL's sha256(), so the secret itself is never a statement parameter (parameters
/// can reach the server's logs).
std::string tokenSecretDigest(std::string_view secret);

/// Accepted distance between a request's oauth_timestamp and our clock.
inline constexpr int64_t kTimestampWindowSeconds = 300;
bool timestampAcceptable(int64_t timestamp, int64_t now);

}  // namespace maas::region::auth
