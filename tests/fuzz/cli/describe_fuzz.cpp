// Fuzzes what the CLI does with a region's answers: the describe/ document (turned into
// commands) and any response body (pretty-printed). The first byte picks which, and whether
// the describe/ is read as logged in.
#include <cstdint>
#include <stdexcept>
#include <string>

#include "maas/cli/profile/commands.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0)
        return 0;
    const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
    if (data[0] & 1) {
        (void)maas::cli::profile::prettyJson(text);
        return 0;
    }
    try {
        const auto resources = maas::cli::profile::resourcesFromDescribe(text, data[0] & 2);
        for (const auto& resource : resources)
            for (const auto& action : resource.actions)
                try {
                    maas::cli::profile::buildRequest(resource, action, {"1", "name=x"}, "B");
                } catch (const std::invalid_argument&) {
                }
    } catch (const std::runtime_error&) {
    }
    return 0;
}
