// What rackd reads from its lease event socket (written by the Kea hook): datagrams of packed
// lines, and the acknowledgements the hook reads back. Whatever parses must encode back to a
// line that parses to the same thing, and lines packed again must split into the same lines.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "maas/common/lease_event_wire.h"
#include "maas/rack/lease_events.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (const auto line = maas::parseLeaseEventLine(text)) {
        const auto again = maas::parseLeaseEventLine(maas::encodeLeaseEventLine(*line));
        if (!again || !(*again == *line))
            std::abort();
        (void)maas::rack::toHookLeaseEvent(*line);
    }
    if (size <= maas::kMaxLeaseEventDatagram) {
        std::string packed;
        size_t parsed = 0;
        for (const auto line : maas::splitLeaseEventDatagram(text)) {
            if (line.find('\n') != std::string_view::npos)
                std::abort();
            if (const auto event = maas::parseLeaseEventLine(line)) {
                packed += maas::encodeLeaseEventLine(*event) + "\n";
                ++parsed;
            }
        }
        const auto again = maas::splitLeaseEventDatagram(packed);
        if (again.size() != parsed)
            std::abort();
        for (const auto line : again)
            if (!maas::parseLeaseEventLine(line))
                std::abort();
    }
    if (const auto ack = maas::parseLeaseEventAck(text)) {
        const auto again = maas::parseLeaseEventAck(maas::encodeLeaseEventAck(*ack));
        if (!again || !(*again == *ack))
            std::abort();
    }
    return 0;
}
