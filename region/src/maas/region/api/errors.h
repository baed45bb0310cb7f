#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace maas::region::api {

/// Field-keyed validation problems, rendered as MAAS does: {"field": ["message", ...]}.
class FieldErrors {
  public:
    void add(const std::string& field, const std::string& message) {
        fields_[field].push_back(message);
    }
    bool empty() const { return fields_.empty(); }
    const std::map<std::string, std::vector<std::string>>& fields() const { return fields_; }
    std::string toJson() const;

  private:
    std::map<std::string, std::vector<std::string>> fields_;
};

/// An HTTP-level failure a handler raises; the dispatcher turns it into the response.
class ApiError : public std::runtime_error {
  public:
    ApiError(int status, std::string body, std::string content_type = "text/plain; charset=utf-8")
        : std::runtime_error(body),
          status_(status),
          body_(std::move(body)),
          content_type_(std::move(content_type)) {}

    int status() const { return status_; }
    const std::string& body() const { return body_; }
    const std::string& contentType() const { return content_type_; }

  private:
    int status_;
    std::string body_;
    std::string content_type_;
};

/// 400 with field-keyed JSON.
inline ApiError badRequest(const FieldErrors& errors) {
    return ApiError(400, errors.toJson(), "application/json");
}
inline ApiError badRequest(const std::string& field, const std::string& message) {
    FieldErrors e;
    e.add(field, message);
    return badRequest(e);
}
/// 400 with a plain message (MAAS uses text for operation refusals).
inline ApiError badRequestText(const std::string& message) {
    return ApiError(400, message);
}
/// 404 "No <Model> matches the given query."
inline ApiError notFound(const std::string& model) {
    return ApiError(404, "No " + model + " matches the given query.");
}

}  // namespace maas::region::api
