// Fuzzes the rack's reading of a region's /MAAS/rpc/ document (whatever answers at maas_url).
#include <cstdint>
#include <string>

#include "maas/rack/discovery.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string body(reinterpret_cast<const char*>(data), size);
    try {
        for (const auto& endpoint : maas::rack::parseDiscovery(body, "192.0.2.1"))
            (void)endpoint;
    } catch (const maas::rack::DiscoveryError&) {
        // A refusal names the problem; anything else escaping is a bug.
    }
    return 0;
}
