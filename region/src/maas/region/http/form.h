#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace maas::region::http {

/// Request parameters in arrival order (a name may repeat, as MAAS's mac_addresses does).
class FormParams {
  public:
    void add(std::string name, std::string value) {
        items_.emplace_back(std::move(name), std::move(value));
    }
    std::optional<std::string> get(std::string_view name) const;
    std::vector<std::string> getAll(std::string_view name) const;
    bool has(std::string_view name) const { return get(name).has_value(); }
    const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }
    void merge(const FormParams& other);

  private:
    std::vector<std::pair<std::string, std::string>> items_;
};

/// A body or query string that cannot be parsed; the message says what is wrong.
class FormError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// application/x-www-form-urlencoded (also query strings): '+' is a space, %XX escapes.
FormParams parseUrlEncoded(std::string_view text);
/// multipart/form-data with the given boundary; file parts keep their content as the value.
FormParams parseMultipart(std::string_view body, std::string_view boundary);
/// A JSON object body: strings as they are, numbers and booleans as text, arrays repeat the key.
FormParams parseJsonObject(std::string_view body);
/// Chooses the parser from the Content-Type header; an empty body gives no parameters.
FormParams parseBody(std::string_view content_type, std::string_view body);

}  // namespace maas::region::http
