#include "maas/common/json_writer.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <sstream>

namespace maas {

using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

/// Python's json.dumps layout: with an indent, one member per line, ": " after keys, and
/// empty containers as "{}" / "[]"; without one (indent < 0), compact.
void newline(std::string& out, int indent, int depth) {
    if (indent >= 0) {
        out.push_back('\n');
        out.append(static_cast<size_t>(indent * depth), ' ');
    }
}

void appendValue(std::string& out, const Poco::Dynamic::Var& v, int indent, int depth);

void appendObject(std::string& out, const Object& obj, int indent, int depth) {
    out.push_back('{');
    bool first = true;
    for (const auto& [key, value] : obj) {
        if (!first)
            out.push_back(',');
        first = false;
        newline(out, indent, depth + 1);
        appendJsonString(out, key);
        out += indent >= 0 ? ": " : ":";
        appendValue(out, value, indent, depth + 1);
    }
    if (!first)
        newline(out, indent, depth);
    out.push_back('}');
}

void appendArray(std::string& out, const Array& array, int indent, int depth) {
    out.push_back('[');
    bool first = true;
    for (const auto& value : array) {
        if (!first)
            out.push_back(',');
        first = false;
        newline(out, indent, depth + 1);
        appendValue(out, value, indent, depth + 1);
    }
    if (!first)
        newline(out, indent, depth);
    out.push_back(']');
}

void appendValue(std::string& out, const Poco::Dynamic::Var& v, int indent, int depth) {
    if (v.isEmpty()) {
        out += "null";
        return;
    }
    const auto& type = v.type();
    if (type == typeid(Object::Ptr)) {
        appendObject(out, *v.extract<Object::Ptr>(), indent, depth);
    } else if (type == typeid(Object)) {
        appendObject(out, v.extract<Object>(), indent, depth);
    } else if (type == typeid(Array::Ptr)) {
        appendArray(out, *v.extract<Array::Ptr>(), indent, depth);
    } else if (type == typeid(Array)) {
        appendArray(out, v.extract<Array>(), indent, depth);
    } else if (type == typeid(std::string)) {
        appendJsonString(out, v.extract<std::string>());
    } else if (type == typeid(bool)) {
        out += v.extract<bool>() ? "true" : "false";
    } else if (v.isInteger()) {
        out += v.convert<std::string>();
    } else if (v.isString()) {
        appendJsonString(out, v.convert<std::string>());
    } else {
        std::ostringstream text;  // anything unusual: Poco's own writer
        Poco::JSON::Stringifier::stringify(v, text);
        out += text.str();
    }
}

}  // namespace

void appendJson(std::string& out, const Poco::Dynamic::Var& v) {
    appendValue(out, v, -1, 0);
}

std::string jsonTextIndented(const Poco::Dynamic::Var& value, int indent) {
    std::string out;
    out.reserve(8192);
    appendValue(out, value, indent, 0);
    return out;
}

std::string jsonText(const Poco::Dynamic::Var& value) {
    std::string out;
    out.reserve(4096);
    appendJson(out, value);
    return out;
}

}  // namespace maas
