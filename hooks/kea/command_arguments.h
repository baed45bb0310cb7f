#pragma once

#include <config.h>

#include <cc/data.h>

#include <string>

namespace maas::hooks {

/// Checks the control command text Kea hands a maas-ha-* callout (`{"command": NAME,
/// "arguments": ...}`). Every maas-ha command takes no arguments: absent, null or an empty map
/// are accepted. Returns the empty string when the command may run, otherwise the problem,
/// naming the offending field. Never throws.
std::string commandProblem(const isc::data::ConstElementPtr& command);

}  // namespace maas::hooks
