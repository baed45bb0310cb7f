// Fuzzes what the UI side of regiond parses from the network: the Cookie header and the
// request path that picks a UI file. Neither may crash, and a chosen file never leaves the
// UI directory.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "maas/region/ui/assets.h"
#include "maas/region/ui/cookies.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (auto v = maas::region::ui::cookieValue(text, "maas_session"))
        (void)maas::region::ui::isWellFormedToken(*v);
    const std::string path = "/MAAS/r/" + std::string(text);
    if (const auto file = maas::region::ui::assetPathFor(path)) {
        std::string_view rest = *file;
        while (true) {
            const auto slash = rest.find('/');
            const auto segment = rest.substr(0, slash);
            if (segment.empty() || segment == "." || segment == "..")
                std::abort();
            if (slash == std::string_view::npos)
                break;
            rest.remove_prefix(slash + 1);
        }
    }
    return 0;
}
