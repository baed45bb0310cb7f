#pragma once

#include <Poco/Dynamic/Var.h>

#include <string>

#include "maas/common/json.h"

namespace maas {

/// Compact JSON text of a Poco JSON tree, written straight into a string. Same output as
/// Poco's stringify (keys in map order) at a fraction of the cost: Poco writes through an
/// ostream one escaped character at a time, which dominated large list responses.
std::string jsonText(const Poco::Dynamic::Var& value);
void appendJson(std::string& out, const Poco::Dynamic::Var& value);

}  // namespace maas
