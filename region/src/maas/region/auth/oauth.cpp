#include "maas/region/auth/oauth.h"

#include <charconv>
#include <map>
#include <stdexcept>

#include <openssl/evp.h>

#include "maas/common/secret.h"

namespace maas::region::auth {

namespace {

void skipSpaces(std::string_view text, size_t& i) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
        ++i;
}

}  // namespace

std::variant<OAuthParams, std::string> parseOAuthHeader(std::string_view header) {
    size_t i = 0;
    skipSpaces(header, i);
    if (header.size() - i < 5 || header.substr(i, 5) != "OAuth")
        return std::string("Authorization header is not OAuth");
    i += 5;
    std::map<std::string, std::string, std::less<>> values;
    while (i < header.size()) {
        skipSpaces(header, i);
        if (i < header.size() && header[i] == ',') {
            ++i;
            continue;
        }
        if (i >= header.size())
            break;
        const size_t eq = header.find('=', i);
        if (eq == std::string_view::npos)
            return std::string("malformed OAuth parameter");
        std::string_view name = header.substr(i, eq - i);
        while (!name.empty() && (name.back() == ' ' || name.back() == '\t'))
            name.remove_suffix(1);
        i = eq + 1;
        skipSpaces(header, i);
        std::string_view raw;
        if (i < header.size() && header[i] == '"') {
            const size_t close = header.find('"', i + 1);
            if (close == std::string_view::npos)
                return std::string("unterminated quoted OAuth parameter");
            raw = header.substr(i + 1, close - i - 1);
            i = close + 1;
        } else {
            const size_t comma = header.find(',', i);
            const size_t stop = comma == std::string_view::npos ? header.size() : comma;
            raw = header.substr(i, stop - i);
            i = stop;
        }
        auto decoded = percentDecode(raw);
        if (!decoded)
            return "bad percent-encoding in " + std::string(name);
        // Keys and nonces are looked up and stored as C strings (libpq), which a NUL would
        // cut short: a key with junk past it would match, two nonces would be one.
        if (decoded->find('\0') != std::string::npos)
            return "a NUL in " + std::string(name);
        values[std::string(name)] = std::move(*decoded);
    }
    OAuthParams p;
    const char* required[] = {"oauth_consumer_key",     "oauth_token",     "oauth_signature",
                              "oauth_signature_method", "oauth_timestamp", "oauth_nonce"};
    for (const char* name : required)
        if (!values.contains(name))
            return std::string("Missing OAuth parameter: ") + name;
    p.consumer_key = values["oauth_consumer_key"];
    p.token = values["oauth_token"];
    p.signature = values["oauth_signature"];
    p.signature_method = values["oauth_signature_method"];
    p.nonce = values["oauth_nonce"];
    const auto& ts = values["oauth_timestamp"];
    const auto [ptr, ec] = std::from_chars(ts.data(), ts.data() + ts.size(), p.timestamp);
    if (ts.empty() || ec != std::errc() || ptr != ts.data() + ts.size() || p.timestamp < 0)
        return std::string("oauth_timestamp must be an integer");
    return p;
}

bool checkPlaintextSignature(const OAuthParams& params, std::string_view token_secret,
                             std::string_view consumer_secret) {
    if (params.signature_method != "PLAINTEXT")
        return false;
    const std::string expected = percentEncode(consumer_secret) + "&" + percentEncode(token_secret);
    const Bytes a(expected.begin(), expected.end());
    const Bytes b(params.signature.begin(), params.signature.end());
    return constantTimeEqual(a, b);
}

std::optional<std::string> plaintextTokenSecret(const OAuthParams& params) {
    if (params.signature_method != "PLAINTEXT" || params.signature.empty() ||
        params.signature.front() != '&')
        return std::nullopt;
    const std::string_view encoded = std::string_view(params.signature).substr(1);
    auto secret = percentDecode(encoded);
    // Percent encoding is one-to-one: only the canonical spelling can equal an encoded secret.
    if (!secret || percentEncode(*secret) != encoded)
        return std::nullopt;
    return secret;
}

std::string tokenSecretDigest(std::string_view secret) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (EVP_Digest(secret.data(), secret.size(), digest, &size, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256 failed");
    return toHex(std::string_view(reinterpret_cast<const char*>(digest), size));
}

bool timestampAcceptable(int64_t timestamp, int64_t now) {
    const int64_t delta = timestamp > now ? timestamp - now : now - timestamp;
    return delta <= kTimestampWindowSeconds;
}

}  // namespace maas::region::auth
