// Fuzzes the OAuth Authorization header parser, the API key parser and the secret a PLAINTEXT
// signature claims: whenever one is claimed it must be the secret that signs, and a secret
// that signs must be the one claimed (the one-statement check relies on both).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "maas/region/auth/oauth.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace maas::region::auth;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto parsed = parseOAuthHeader(text);
    if (auto* p = std::get_if<OAuthParams>(&parsed)) {
        const bool signs = checkPlaintextSignature(*p, "secret");
        const auto claimed = plaintextTokenSecret(*p);
        if (claimed && !checkPlaintextSignature(*p, *claimed))
            std::abort();
        if (signs && claimed != "secret")
            std::abort();
        if (claimed)
            (void)tokenSecretDigest(*claimed);
    }
    (void)maas::ApiKey::parse(text);
    (void)maas::percentDecode(text);
    return 0;
}
