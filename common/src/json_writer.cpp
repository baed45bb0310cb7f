#include "maas/common/json_writer.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <sstream>

namespace maas {

using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

void appendObject(std::string& out, const Object& obj) {
    out.push_back('{');
    bool first = true;
    for (const auto& [key, value] : obj) {
        if (!first)
            out.push_back(',');
        first = false;
        appendJsonString(out, key);
        out.push_back(':');
        appendJson(out, value);
    }
    out.push_back('}');
}

void appendArray(std::string& out, const Array& array) {
    out.push_back('[');
    bool first = true;
    for (const auto& value : array) {
        if (!first)
            out.push_back(',');
        first = false;
        appendJson(out, value);
    }
    out.push_back(']');
}

}  // namespace

void appendJson(std::string& out, const Poco::Dynamic::Var& v) {
    if (v.isEmpty()) {
        out += "null";
        return;
    }
    const auto& type = v.type();
    if (type == typeid(Object::Ptr)) {
        appendObject(out, *v.extract<Object::Ptr>());
    } else if (type == typeid(Object)) {
        appendObject(out, v.extract<Object>());
    } else if (type == typeid(Array::Ptr)) {
        appendArray(out, *v.extract<Array::Ptr>());
    } else if (type == typeid(Array)) {
        appendArray(out, v.extract<Array>());
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

std::string jsonText(const Poco::Dynamic::Var& value) {
    std::string out;
    out.reserve(4096);
    appendJson(out, value);
    return out;
}

}  // namespace maas
