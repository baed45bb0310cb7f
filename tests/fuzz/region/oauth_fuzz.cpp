// Fuzzes the OAuth Authorization header parser and the API key parser.
#include <cstdint>
#include <string_view>

#include "maas/region/auth/oauth.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto parsed = maas::region::auth::parseOAuthHeader(text);
    if (auto* p = std::get_if<maas::region::auth::OAuthParams>(&parsed))
        (void)maas::region::auth::checkPlaintextSignature(*p, "secret");
    (void)maas::ApiKey::parse(text);
    (void)maas::percentDecode(text);
    return 0;
}
