// Fuzzes the webhook response matcher with BMC-controlled bodies and operator-controlled
// patterns: "power_on_regex\nbody". Must answer on/off/unknown or a PowerError, in bounded
// time and memory, for any input.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "maas/rack/power/webhook_driver.h"

using namespace maas::rack::power;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto newline = text.find('\n');
    Parameters parameters;
    std::string body(text);
    if (newline != std::string_view::npos) {
        parameters["power_on_regex"] = std::string(text.substr(0, newline));
        body = std::string(text.substr(newline + 1));
    }
    try {
        const auto state = webhookStateFromBody(body, parameters);
        if (state != "on" && state != "off" && state != "unknown")
            std::abort();
        // The default patterns on the whole input as a body.
        webhookStateFromBody(std::string(text), {});
    } catch (const PowerError&) {
    }
    return 0;
}
