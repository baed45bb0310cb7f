// Fuzzes request body parsers: the first byte picks urlencoded, multipart or JSON.
#include <cstdint>
#include <string_view>

#include "maas/region/http/form.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0)
        return 0;
    const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
    try {
        switch (data[0] % 3) {
            case 0:
                maas::region::http::parseBody("application/x-www-form-urlencoded", body);
                break;
            case 1:
                maas::region::http::parseBody("multipart/form-data; boundary=XyZ", body);
                break;
            default:
                maas::region::http::parseBody("application/json", body);
        }
    } catch (const maas::region::http::FormError&) {
    }
    return 0;
}
