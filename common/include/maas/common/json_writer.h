#pragma once

#include <Poco/Dynamic/Var.h>

#include <string>

#include "maas/common/json.h"

namespace maas {

/// Compact JSON text of a Poco JSON tree, written straight into a string. Same output as
/// Poco's stringify (keys in map order) at a fraction of the cost: Poco writes through an
/// ostream one escaped character at a time, which dominated large list responses.
std::string jsonText(const Poco::Dynamic::Var& value);
/// The same laid out as MAAS sends API bodies (Python's json.dumps with indent): one member
/// per line, `indent` spaces per level, so line-oriented pipelines (grep | cut) work.
std::string jsonTextIndented(const Poco::Dynamic::Var& value, int indent = 4);
void appendJson(std::string& out, const Poco::Dynamic::Var& value);

}  // namespace maas
