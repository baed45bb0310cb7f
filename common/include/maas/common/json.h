#pragma once

#include <string>
#include <string_view>

namespace maas {

// The one JSON string escaper: the log's JSON lines, the supervisor's control replies, the
// region's responses (through json_writer.h) and the CLI all write strings with it.

/// Appends the escaped inside of a JSON string for text: `"` and `\` escaped, \n \r \t by
/// name, other control characters as \u00XX; UTF-8 passes through unchanged.
void appendJsonEscaped(std::string& out, std::string_view text);

/// Appends text as a quoted JSON string.
void appendJsonString(std::string& out, std::string_view text);

/// The escaped inside of a JSON string for text (no quotes).
std::string jsonEscape(std::string_view text);

}  // namespace maas
