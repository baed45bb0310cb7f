// Fuzzes If-None-Match and Accept-Encoding handling: the first byte splits the input into the
// two header values; the response must stay consistent (304 without body, or a gzip body that
// zlib reads back to the original).
#include <zlib.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "maas/region/http/negotiation.h"

namespace {

std::string gunzip(const std::string& data) {
    z_stream z{};
    if (inflateInit2(&z, 15 + 16) != Z_OK)
        std::abort();
    std::string out(1 << 16, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = inflate(&z, Z_FINISH);
    out.resize(z.total_out);
    inflateEnd(&z);
    if (rc != Z_STREAM_END)
        std::abort();
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace maas::region::http;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const size_t split = size == 0 ? 0 : data[0] % size;
    const auto if_none_match = text.substr(0, split), accept = text.substr(split);
    (void)noneMatchNames(if_none_match, "\"x\"");
    (void)acceptsGzip(accept);
    const std::string body(2048, 'a');
    Response r = Response::json(body);
    negotiate(r, "GET", if_none_match, accept);
    if (r.status == 304 && !r.body.empty())
        std::abort();
    if (r.status == 200 && r.body != body && gunzip(r.body) != body)
        std::abort();
    return 0;
}
