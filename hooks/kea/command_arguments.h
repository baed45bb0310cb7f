#pragma once

#include <config.h>

#include <cc/data.h>

#include <cstdint>
#include <map>
#include <span>
#include <string>

namespace maas::hooks {

/// Checks the control command text Kea hands a maas-ha-* callout (`{"command": NAME,
/// "arguments": ...}`). Every maas-ha command takes no arguments: absent, null or an empty map
/// are accepted. Returns the empty string when the command may run, otherwise the problem,
/// naming the offending field. Never throws.
std::string commandProblem(const isc::data::ConstElementPtr& command);

/// An integer argument a command accepts.
struct IntegerArgument {
    const char* name;
    int64_t min;
    int64_t max;
    bool required;
};

/// As above for a command that takes the given integer arguments (any other is refused);
/// accepted values land in `values`. Never throws.
std::string commandProblem(const isc::data::ConstElementPtr& command,
                           std::span<const IntegerArgument> accepted,
                           std::map<std::string, int64_t>& values);

}  // namespace maas::hooks
