#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace maas {

// The client half of MAAS's OAuth 1.0a PLAINTEXT: API keys and the header a client signs a
// request with. The region checks these headers; the CLI and tests send them.

/// RFC 3986 percent-decoding; nullopt on a malformed escape.
std::optional<std::string> percentDecode(std::string_view text);
/// RFC 5849 percent-encoding (unreserved characters kept).
std::string percentEncode(std::string_view text);

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

/// The `Authorization` header a client sends for key: PLAINTEXT signature
/// encode(consumer_secret "&" encode(token_secret)) with MAAS's empty consumer secret.
std::string makeOAuthHeader(const ApiKey& key, int64_t timestamp, const std::string& nonce);

}  // namespace maas
