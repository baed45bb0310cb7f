// rackd's lease event spool file, as a crash, a full disk or anything else may have left it.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "maas/rack/lease_spool_format.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto contents = maas::rack::readSpool(text, 64);
    if (contents.valid_bytes > size || contents.pending.size() > 64)
        __builtin_trap();
    uint64_t previous = contents.done_through;
    for (const auto& item : contents.pending) {
        if (item.seq <= previous || item.seq > contents.last_seq)
            __builtin_trap();
        previous = item.seq;
        // Whatever was read can be written again as it was.
        maas::rack::encodeSpoolEvent(item.seq, item.event);
    }
    maas::rack::markDone(contents, contents.last_seq);
    if (!contents.pending.empty())
        __builtin_trap();
    return 0;
}
