#include "maas/common/oauth.h"

#include <stdexcept>

#include "maas/common/secret.h"

namespace maas {

namespace {

bool isUnreserved(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

// Unbiased choice from 62 symbols by rejection sampling.
std::string randomToken(size_t length) {
    static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::string out;
    while (out.size() < length) {
        for (uint8_t b : randomBytes(length * 2)) {
            if (b < 248 && out.size() < length)
                out.push_back(kAlphabet[b % 62]);
        }
    }
    return out;
}

}  // namespace

std::optional<std::string> percentDecode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out.push_back(text[i]);
            continue;
        }
        if (i + 2 >= text.size())
            return std::nullopt;
        try {
            out.push_back(static_cast<char>(fromHex(text.substr(i + 1, 2)).front()));
        } catch (const std::invalid_argument&) {
            return std::nullopt;
        }
        i += 2;
    }
    return out;
}

std::string percentEncode(std::string_view text) {
    static const char* kHex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (isUnreserved(c)) {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 15]);
        }
    }
    return out;
}

std::optional<ApiKey> ApiKey::parse(std::string_view text) {
    const auto a = text.find(':');
    if (a == std::string_view::npos)
        return std::nullopt;
    const auto b = text.find(':', a + 1);
    if (b == std::string_view::npos || text.find(':', b + 1) != std::string_view::npos)
        return std::nullopt;
    ApiKey key{std::string(text.substr(0, a)), std::string(text.substr(a + 1, b - a - 1)),
               std::string(text.substr(b + 1))};
    if (key.consumer_key.empty() || key.token_key.empty() || key.token_secret.empty())
        return std::nullopt;
    return key;
}

ApiKey ApiKey::generate() {
    return ApiKey{randomToken(18), randomToken(18), randomToken(32)};
}

std::string makeOAuthHeader(const ApiKey& key, int64_t timestamp, const std::string& nonce) {
    return "OAuth realm=\"\", oauth_version=\"1.0\", oauth_signature_method=\"PLAINTEXT\", "
           "oauth_consumer_key=\"" +
           percentEncode(key.consumer_key) + "\", oauth_token=\"" + percentEncode(key.token_key) +
           "\", oauth_signature=\"" + percentEncode("&" + percentEncode(key.token_secret)) +
           "\", oauth_nonce=\"" + percentEncode(nonce) + "\", oauth_timestamp=\"" +
           std::to_string(timestamp) + "\"";
}

}  // namespace maas
