// Fuzzes the maas-ha control commands' text: any bytes a control-socket client sends, parsed as
// Kea parses them, then checked by the hook before a command runs. The check never throws, and
// it accepts only a command without arguments.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "command_arguments.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using isc::data::Element;
    const std::string text(reinterpret_cast<const char*>(data), size);
    isc::data::ConstElementPtr command;
    try {
        command = Element::fromJSON(text);
    } catch (const std::exception&) {
        return 0;  // Kea's control channel refuses what does not parse as JSON
    }
    const std::string problem = maas::hooks::commandProblem(command);
    if (problem.empty()) {
        auto args = command->get("arguments");
        if (args && args->getType() != Element::null &&
            !(args->getType() == Element::map && args->size() == 0)) {
            std::abort();  // a command with arguments was let through
        }
    } else if (problem.find('\n') != std::string::npos) {
        std::abort();  // the answer is one line: nothing from the input may break it
    }
    return 0;
}
