#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "maas/region/api/errors.h"
#include "maas/region/http/form.h"

namespace maas::region::api {

/// Form field readers (pure). Each records a MAAS-style message in errors and returns nullopt
/// when the field is present but invalid; absent fields return nullopt without an error.
std::optional<int64_t> parseInteger(std::string_view text);
std::optional<bool> parseBoolean(std::string_view text);

std::optional<int64_t> intField(const http::FormParams& params, const std::string& name,
                                FieldErrors& errors, int64_t min, int64_t max);
std::optional<bool> boolField(const http::FormParams& params, const std::string& name,
                              FieldErrors& errors);
/// A string field limited to max_length characters.
std::optional<std::string> textField(const http::FormParams& params, const std::string& name,
                                     FieldErrors& errors, size_t max_length = 255);

/// A MAC address in any common form, normalised to lowercase colon-separated; nullopt if bad.
std::optional<std::string> normaliseMac(std::string_view text);

/// A host name label sequence as MAAS accepts (letters, digits, hyphens; 63 per label).
bool validHostname(std::string_view name);

/// An id path parameter; 404 "No <model> matches the given query." when not a number.
int64_t pathId(const std::string& text, const std::string& model);

}  // namespace maas::region::api
