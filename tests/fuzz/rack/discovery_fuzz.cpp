// Fuzzes the rack's reading of a region's /MAAS/rpc/ answer (whatever answers at maas_url): the
// signature header (the input up to the first newline) and the document after it.
#include <cstdint>
#include <string>

#include "maas/rack/discovery.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const maas::Bytes kSecret(16, 0x5a);
    const std::string input(reinterpret_cast<const char*>(data), size);
    const auto newline = input.find('\n');
    const std::string signature = newline == std::string::npos ? "" : input.substr(0, newline);
    const std::string body = newline == std::string::npos ? input : input.substr(newline + 1);
    try {
        maas::rack::verifyDiscoveryAnswer("http://192.0.2.1:5240/MAAS/rpc/", body, signature,
                                          kSecret);
    } catch (const maas::rack::UnverifiedDiscovery&) {
        // Almost every input: the same body is parsed anyway, to fuzz the parser too.
    }
    try {
        for (const auto& endpoint : maas::rack::parseDiscovery(body, "192.0.2.1"))
            (void)endpoint;
    } catch (const maas::rack::DiscoveryError&) {
        // A refusal names the problem; anything else escaping is a bug.
    }
    return 0;
}
