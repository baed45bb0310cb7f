#include "maas/cli/profile/commands.h"

#include "maas/common/json.h"
#include "maas/common/oauth.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace maas::cli::profile {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

std::string str(const Object::Ptr& o, const std::string& key) {
    return o->has(key) && !o->get(key).isEmpty() ? o->getValue<std::string>(key) : "";
}

CliResource fromHandler(const Object::Ptr& h) {
    CliResource r;
    r.name = commandName(str(h, "name"));
    r.doc = str(h, "doc");
    r.uri = str(h, "uri");
    if (auto params = h->getArray("params"))
        for (const auto& p : *params)
            r.params.push_back(p.toString());
    if (auto actions = h->getArray("actions")) {
        for (size_t i = 0; i < actions->size(); ++i) {
            const auto a = actions->getObject(static_cast<unsigned>(i));
            CliAction action;
            action.name = str(a, "name");
            std::replace(action.name.begin(), action.name.end(), '_', '-');
            action.method = str(a, "method");
            if (a->has("op") && !a->get("op").isEmpty())
                action.op = a->getValue<std::string>("op");
            action.doc = str(a, "doc");
            r.actions.push_back(std::move(action));
        }
    }
    return r;
}

void indent(std::string& out, int depth) {
    out.append(static_cast<size_t>(depth) * 4, ' ');
}

void appendString(std::string& out, const std::string& text) {
    appendJsonString(out, text);
}

void appendPretty(std::string& out, const Poco::Dynamic::Var& v, int depth) {
    if (v.isEmpty()) {
        out += "null";
    } else if (v.type() == typeid(Object::Ptr)) {
        const auto& obj = *v.extract<Object::Ptr>();
        if (obj.size() == 0) {
            out += "{}";
            return;
        }
        std::vector<std::string> keys;
        for (const auto& [k, _] : obj)
            keys.push_back(k);
        std::sort(keys.begin(), keys.end());
        out += "{\n";
        for (size_t i = 0; i < keys.size(); ++i) {
            indent(out, depth + 1);
            appendString(out, keys[i]);
            out += ": ";
            appendPretty(out, obj.get(keys[i]), depth + 1);
            out += i + 1 < keys.size() ? ",\n" : "\n";
        }
        indent(out, depth);
        out += "}";
    } else if (v.type() == typeid(Array::Ptr)) {
        const auto& arr = *v.extract<Array::Ptr>();
        if (arr.size() == 0) {
            out += "[]";
            return;
        }
        out += "[\n";
        for (size_t i = 0; i < arr.size(); ++i) {
            indent(out, depth + 1);
            appendPretty(out, arr.get(static_cast<unsigned>(i)), depth + 1);
            out += i + 1 < arr.size() ? ",\n" : "\n";
        }
        indent(out, depth);
        out += "]";
    } else if (v.type() == typeid(std::string)) {
        appendString(out, v.extract<std::string>());
    } else if (v.type() == typeid(bool)) {
        out += v.extract<bool>() ? "true" : "false";
    } else {
        out += v.convert<std::string>();
    }
}

}  // namespace

std::string commandName(const std::string& handler_name) {
    std::string name = handler_name;
    if (name.ends_with("Handler"))
        name.resize(name.size() - 7);
    if (name.starts_with("Anon"))
        name = name.substr(4);
    std::string out;
    for (size_t i = 0; i < name.size(); ++i) {
        const auto c = static_cast<unsigned char>(name[i]);
        if (i > 0 && std::isupper(c) && std::islower(static_cast<unsigned char>(name[i - 1])))
            out.push_back('-');
        out.push_back(static_cast<char>(std::tolower(c)));
    }
    return out;
}

std::vector<CliResource> resourcesFromDescribe(const std::string& describe_json,
                                               bool with_credentials) {
    Object::Ptr doc;
    try {
        doc = Poco::JSON::Parser().parse(describe_json).extract<Object::Ptr>();
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("describe document is not valid JSON: " + e.message());
    }
    const auto resources = doc->getArray("resources");
    if (!resources)
        throw std::runtime_error("describe document has no resources");
    std::vector<CliResource> out;
    for (size_t i = 0; i < resources->size(); ++i) {
        const auto r = resources->getObject(static_cast<unsigned>(i));
        if (!r)
            continue;
        Object::Ptr handler;
        if (with_credentials && r->has("auth") && !r->get("auth").isEmpty())
            handler = r->getObject("auth");
        else if (r->has("anon") && !r->get("anon").isEmpty())
            handler = r->getObject("anon");
        if (handler)
            out.push_back(fromHandler(handler));
    }
    std::sort(out.begin(), out.end(),
              [](const CliResource& a, const CliResource& b) { return a.name < b.name; });
    return out;
}

CliRequest buildRequest(const CliResource& resource, const CliAction& action,
                        const std::vector<std::string>& args, const std::string& boundary) {
    std::string uri = resource.uri;
    size_t next = 0;
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const auto& arg : args) {
        if (next < resource.params.size()) {
            const std::string placeholder = "{" + resource.params[next] + "}";
            const auto pos = uri.find(placeholder);
            if (pos != std::string::npos)
                uri.replace(pos, placeholder.size(), percentEncode(arg));
            ++next;
            continue;
        }
        const auto eq = arg.find('=');
        if (eq == std::string::npos || eq == 0)
            throw std::invalid_argument("'" + arg + "' is not a key=value pair");
        pairs.emplace_back(arg.substr(0, eq), arg.substr(eq + 1));
    }
    if (next < resource.params.size()) {
        std::string missing;
        for (size_t i = next; i < resource.params.size(); ++i)
            missing += (missing.empty() ? "" : " ") + resource.params[i];
        throw std::invalid_argument("missing positional argument(s): " + missing);
    }
    CliRequest request;
    request.method = action.method;
    std::string query;
    if (action.op)
        query = "op=" + percentEncode(*action.op);
    if (action.method == "GET" || action.method == "DELETE") {
        for (const auto& [k, v] : pairs)
            query += (query.empty() ? "" : "&") + percentEncode(k) + "=" + percentEncode(v);
    } else if (!pairs.empty()) {
        request.content_type = "multipart/form-data; boundary=" + boundary;
        for (const auto& [k, v] : pairs)
            request.body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k +
                            "\"\r\n\r\n" + v + "\r\n";
        request.body += "--" + boundary + "--\r\n";
    }
    request.url = uri + (query.empty() ? "" : "?" + query);
    return request;
}

std::string prettyJson(const std::string& text) {
    Poco::Dynamic::Var root;
    try {
        root = Poco::JSON::Parser().parse(text);
    } catch (const Poco::Exception&) {
        return text;
    }
    std::string out;
    appendPretty(out, root, 0);
    return out;
}

std::string apiUrl(const std::string& url) {
    std::string out = url;
    while (!out.empty() && out.back() == '/')
        out.pop_back();
    if (!out.ends_with("/api/2.0"))
        out += "/api/2.0";
    return out + "/";
}

}  // namespace maas::cli::profile
