// Fuzzes the plain port's redirect to HTTPS with the client's Host header and path: the
// Location is always https://<host-or-address>:<port><path>, and no byte a client sent
// outside a host name's alphabet (CR, LF, a slash, a space) reaches the host part.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "maas/region/http/https_redirect.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const auto split = text.find('\n');
    maas::region::http::Request r;
    r.method = "GET";
    r.host = text.substr(0, split);
    r.path = "/MAAS/" + (split == std::string::npos ? std::string() : text.substr(split + 1));
    r.local_address = "192.0.2.1";
    const auto location = maas::region::http::httpsLocation(r, 5443);
    if (!location || !location->starts_with("https://"))
        std::abort();
    const auto authority = location->substr(8, location->find("/MAAS/") - 8);
    if (authority.find_first_of("\r\n /\\?#@\t") != std::string::npos ||
        !authority.ends_with(":5443"))
        std::abort();
    return 0;
}
