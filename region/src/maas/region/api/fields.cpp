#include "maas/region/api/fields.h"

#include <cctype>
#include <charconv>

namespace maas::region::api {

std::optional<int64_t> parseInteger(std::string_view text) {
    int64_t v = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc() || ptr != text.data() + text.size())
        return std::nullopt;
    return v;
}

std::optional<bool> parseBoolean(std::string_view text) {
    std::string t(text);
    for (auto& c : t)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (t == "true" || t == "1" || t == "yes" || t == "on")
        return true;
    if (t == "false" || t == "0" || t == "no" || t == "off")
        return false;
    return std::nullopt;
}

std::optional<int64_t> intField(const http::FormParams& params, const std::string& name,
                                FieldErrors& errors, int64_t min, int64_t max) {
    const auto raw = params.get(name);
    if (!raw)
        return std::nullopt;
    const auto v = parseInteger(*raw);
    if (!v) {
        errors.add(name, "Enter a whole number.");
        return std::nullopt;
    }
    if (*v < min || *v > max) {
        errors.add(name, "Ensure this value is between " + std::to_string(min) + " and " +
                             std::to_string(max) + ".");
        return std::nullopt;
    }
    return v;
}

std::optional<bool> boolField(const http::FormParams& params, const std::string& name,
                              FieldErrors& errors) {
    const auto raw = params.get(name);
    if (!raw)
        return std::nullopt;
    const auto v = parseBoolean(*raw);
    if (!v)
        errors.add(name, "'" + *raw + "' value must be either True or False.");
    return v;
}

std::optional<std::string> textField(const http::FormParams& params, const std::string& name,
                                     FieldErrors& errors, size_t max_length) {
    auto raw = params.get(name);
    if (raw && raw->size() > max_length) {
        errors.add(name, "Ensure this value has at most " + std::to_string(max_length) +
                             " characters (it has " + std::to_string(raw->size()) + ").");
        return std::nullopt;
    }
    return raw;
}

std::optional<std::string> normaliseMac(std::string_view text) {
    std::string hex;
    for (char c : text) {
        if (std::isxdigit(static_cast<unsigned char>(c)))
            hex.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        else if (c != ':' && c != '-' && c != '.')
            return std::nullopt;
    }
    if (hex.size() != 12)
        return std::nullopt;
    std::string out;
    for (size_t i = 0; i < 12; i += 2)
        out += (i ? ":" : "") + hex.substr(i, 2);
    return out;
}

bool validHostname(std::string_view name) {
    if (name.empty() || name.size() > 253)
        return false;
    size_t label = 0;
    for (size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        if (c == '.') {
            if (label == 0 || name[i - 1] == '-')
                return false;
            label = 0;
            continue;
        }
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-')
            return false;
        if (c == '-' && label == 0)
            return false;
        if (++label > 63)
            return false;
    }
    return label > 0 && name.back() != '-';
}

int64_t pathId(const std::string& text, const std::string& model) {
    const auto v = parseInteger(text);
    if (!v)
        throw notFound(model);
    return *v;
}

}  // namespace maas::region::api
