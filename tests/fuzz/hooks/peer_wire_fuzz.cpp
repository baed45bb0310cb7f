// Fuzzes the peer wire decoder: arbitrary bytes from the network go through the frame reader
// and the message decoder. Anything accepted must re-encode to the same frame.
#include <cstdlib>

#include "maas/hooks/peer_wire.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace maas::hooks;
    FrameReader reader;
    reader.append(data, size);
    try {
        for (int frames = 0; frames < 1000; ++frames) {
            auto body = reader.next();
            if (!body) {
                break;
            }
            PeerMessage message = decodeBody(body->data(), body->size());
            Bytes again = encodeFrame(message);
            if (again.size() != body->size() + 4 ||
                !std::equal(body->begin(), body->end(), again.begin() + 4)) {
                std::abort();  // decode/encode disagree: a parser bug
            }
        }
    } catch (const WireError&) {
        // Rejected input is the expected outcome for most mutations.
    }
    return 0;
}
