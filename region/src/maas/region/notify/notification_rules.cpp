#include "maas/region/notify/notification_rules.h"

#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <map>

#include "maas/region/api/fields.h"

namespace maas::region::notify {

namespace {

const char* const kCategories[] = {"error", "warning", "success", "info"};

void readContext(const http::FormParams& params, NotificationFields& out,
                 api::FieldErrors& errors) {
    const auto raw = api::textField(params, "context", errors, kMessageMaxLength);
    if (!raw)
        return;
    if (raw->empty()) {
        out.context_json = "{}";
        return;
    }
    try {
        Poco::JSON::Parser parser;
        const auto value = parser.parse(*raw);
        if (value.type() != typeid(Poco::JSON::Object::Ptr)) {
            errors.add("context", "Context is not a mapping.");
            return;
        }
        out.context_json = *raw;
    } catch (const std::exception&) {
        errors.add("context", "Enter valid JSON.");
    }
}

Poco::JSON::Object::Ptr parseObject(const std::string& json) {
    Poco::JSON::Parser parser;
    return parser.parse(json).extract<Poco::JSON::Object::Ptr>();
}

}  // namespace

NotificationFields readNotificationForm(const http::FormParams& params,
                                        const NotificationFields& base, api::FieldErrors& errors) {
    NotificationFields out = base;
    if (params.has("ident")) {
        const auto ident = api::textField(params, "ident", errors, kIdentMaxLength);
        out.ident = ident && !ident->empty() ? ident : std::nullopt;
    }
    if (params.has("user")) {
        const auto user = api::textField(params, "user", errors, 150);
        out.user = user && !user->empty() ? user : std::nullopt;
    }
    for (auto [name, target] : {std::pair{"users", &out.users}, std::pair{"admins", &out.admins},
                                std::pair{"dismissable", &out.dismissable}})
        if (auto v = api::boolField(params, name, errors))
            *target = *v;
    if (params.has("message")) {
        const auto message = api::textField(params, "message", errors, kMessageMaxLength);
        out.message = message.value_or("");
    }
    if (out.message.empty() && !errors.fields().contains("message"))
        errors.add("message", "This field is required.");
    if (params.has("category")) {
        const auto category = params.get("category").value_or("");
        if (category.empty())
            out.category = "info";
        else if (std::find(std::begin(kCategories), std::end(kCategories), category) ==
                 std::end(kCategories))
            errors.add("category", "Select a valid choice. " + category +
                                       " is not one of the available choices.");
        else
            out.category = category;
    }
    if (params.has("context"))
        readContext(params, out, errors);
    if (errors.empty() && renderProblem(out.message, *parseObject(out.context_json)))
        errors.add("__all__", "Notification cannot be rendered.");
    return out;
}

std::optional<std::string> renderProblem(const std::string& message,
                                         const Poco::JSON::Object& context) {
    for (size_t i = 0; i < message.size(); ++i) {
        const char c = message[i];
        if (c == '}') {
            if (i + 1 < message.size() && message[i + 1] == '}') {
                ++i;
                continue;
            }
            return "single '}' encountered";
        }
        if (c != '{')
            continue;
        if (i + 1 < message.size() && message[i + 1] == '{') {
            ++i;
            continue;
        }
        const size_t close = message.find('}', i + 1);
        if (close == std::string::npos)
            return "single '{' encountered";
        const std::string field = message.substr(i + 1, close - i - 1);
        if (field.find('{') != std::string::npos)
            return "nested fields are not supported";
        const std::string name = field.substr(0, field.find_first_of(".[!:"));
        if (name.empty() || std::all_of(name.begin(), name.end(), ::isdigit))
            return "positional field in message";
        if (!context.has(name))
            return "no context value for " + name;
        i = close;
    }
    return std::nullopt;
}

std::string escapeBraces(const std::string& text) {
    std::string out;
    for (char c : text) {
        out.push_back(c);
        if (c == '{' || c == '}')
            out.push_back(c);
    }
    return out;
}

}  // namespace maas::region::notify
