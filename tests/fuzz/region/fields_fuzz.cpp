// Fuzzes the API's field readers with any value a client can send: each accepts, or records a
// field error (or, for a path id, a 404), and nothing else.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "maas/region/api/errors.h"
#include "maas/region/api/fields.h"

namespace api = maas::region::api;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string value(reinterpret_cast<const char*>(data), size);
    maas::region::http::FormParams params;
    params.add("n", value);
    params.add("b", value);
    params.add("t", value);
    api::FieldErrors errors;
    const auto n = api::intField(params, "n", errors, -5, 4094);
    if (n && (*n < -5 || *n > 4094))
        std::abort();
    api::boolField(params, "b", errors);
    if (const auto t = api::textField(params, "t", errors, 16); t && t->size() > 16)
        std::abort();
    api::parseInteger(value);
    api::parseBoolean(value);
    if (const auto mac = api::normaliseMac(value); mac && mac->size() != 17)
        std::abort();
    api::validHostname(value);
    try {
        api::pathId(value, "Fabric");
    } catch (const api::ApiError& e) {
        if (e.status() != 404)
            std::abort();
    }
    return 0;
}
