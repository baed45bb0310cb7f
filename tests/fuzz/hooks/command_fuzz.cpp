// Fuzzes the maas-ha control commands' text: any bytes a control-socket client sends, parsed as
// Kea parses them, then checked by the hook before a command runs. The check never throws, and
// it accepts only a command without arguments; the variant with integer arguments (the witness
// commands) accepts only the names it was given, with values inside their bounds.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
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
    static constexpr maas::hooks::IntegerArgument kAccepted[] = {
        {"contact-ms", 0, int64_t{1} << 52, false}, {"fence-wait-ms", 0, 600000, false}};
    std::map<std::string, int64_t> values;
    const std::string witnessProblem = maas::hooks::commandProblem(command, kAccepted, values);
    if (!witnessProblem.empty()) {
        if (!values.empty() || witnessProblem.find('\n') != std::string::npos) {
            std::abort();  // a refusal fills nothing and stays one line
        }
        return 0;
    }
    for (const auto& [name, value] : values) {
        const bool known = name == "contact-ms" || name == "fence-wait-ms";
        const int64_t max = name == "contact-ms" ? int64_t{1} << 52 : 600000;
        if (!known || value < 0 || value > max) {
            std::abort();
        }
    }
    return 0;
}
