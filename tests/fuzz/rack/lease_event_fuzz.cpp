// The lease event lines rackd reads from its unix socket (written by the Kea hook).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "maas/rack/lease_events.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    maas::rack::parseLeaseEventLine(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
