#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace maas::region::auth {

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

/// RFC 3986 percent-decoding; nullopt on a malformed escape.
std::optional<std::string> percentDecode(std::string_view text);
/// RFC 5849 percent-encoding (unreserved characters kept).
std::string percentEncode(std::string_view text);

/// PLAINTEXT check: signature == encode(consumer_secret) "&" encode(token_secret), compared in
/// constant time. MAAS consumers have an empty secret.
bool checkPlaintextSignature(const OAuthParams& params, std::string_view token_secret,
                             std::string_view consumer_secret = "");

/// Accepted distance between a request's oauth_timestamp and our clock.
inline constexpr int64_t kTimestampWindowSeconds = 300;
bool timestampAcceptable(int64_t timestamp, int64_t now);

/// An API key "consumer_key:token_key:token_secret" (18:18:32 characters).
struct ApiKey {
    std::string consumer_key;
    std::string token_key;
    std::string token_secret;

    std::string toString() const { return consumer_key + ":" + token_key + ":" + token_secret; }
    static std::optional<ApiKey> parse(std::string_view text);
    /// A fresh key from the OS random source.
    static ApiKey generate();
};

/// The `Authorization` header a client sends for key (used by the CLI and tests).
std::string makeOAuthHeader(const ApiKey& key, int64_t timestamp, const std::string& nonce);

}  // namespace maas::region::auth
