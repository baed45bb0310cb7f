// Fuzzes the API router: any path, method and op must match a route or not, never crash.
// Input: "METHOD\nop\npath" (missing parts empty; an empty op means none).
#include <cstdint>
#include <string>
#include <string_view>

#include "maas/region/api/routes.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto first = text.find('\n');
    const auto method = text.substr(0, first);
    std::string_view op, path;
    if (first != std::string_view::npos) {
        const auto rest = text.substr(first + 1);
        const auto second = rest.find('\n');
        op = rest.substr(0, second);
        path = second == std::string_view::npos ? std::string_view() : rest.substr(second + 1);
    }
    const auto& table = maas::region::api::apiResources();
    if (const auto match = maas::region::api::matchRoute(table, path)) {
        maas::region::api::chooseAction(
            *match->resource, method,
            op.empty() ? std::nullopt : std::optional<std::string>(std::string(op)));
    }
    return 0;
}
