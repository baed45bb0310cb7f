// Fuzzes the HTTP/1.x request reader: the first byte sets the size of the pieces the rest is
// fed in (as a network delivers it); a request must complete, fail or wait, never overrun
// its limits or consume bytes past the end of one request.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "maas/region/http/request_parser.h"

using maas::region::http::RequestParser;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0)
        return 0;
    const size_t piece = 1 + data[0] % 64;
    std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
    RequestParser parser(RequestParser::Limits{512, 1024, 16});
    for (int requests = 0; requests < 64 && !rest.empty();) {
        const auto used = parser.feed(rest.substr(0, piece));
        if (used > piece)
            std::abort();
        rest.remove_prefix(used);
        if (parser.failed()) {
            if (parser.errorStatus() < 400 || parser.errorText().empty())
                std::abort();
            break;
        }
        if (parser.complete()) {
            if (parser.takeBody().size() > 1024)
                std::abort();
            parser.reset();
            ++requests;
        } else if (used == 0) {
            break;  // waiting for bytes that are not there
        }
    }
    return 0;
}
