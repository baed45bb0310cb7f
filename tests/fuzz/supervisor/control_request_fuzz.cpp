// Fuzzes the supervisor's control-socket request parser: any line a local client sends must be
// parsed or refused with an error text, never crash, and an accepted request names a command.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "maas/supervisor/control_protocol.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string line(reinterpret_cast<const char*>(data), size);
    std::string error;
    const auto request = maas::supervisor::parseControlRequest(line, error);
    if (request) {
        if (request->command.empty())
            std::abort();
    } else if (error.empty()) {
        std::abort();  // a refusal must say why
    }
    return 0;
}
