#include "maas/rpc/message.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

namespace maas::rpc {

namespace {

const char* kindName(MessageKind kind) {
    switch (kind) {
        case MessageKind::Request:
            return "request";
        case MessageKind::Reply:
            return "reply";
        case MessageKind::Error:
            return "error";
    }
    return "error";
}

std::string requireString(const Poco::JSON::Object& object, const std::string& key) {
    if (!object.has(key)) {
        throw MessageError("message: " + key + ": missing");
    }
    const auto value = object.get(key);
    if (!value.isString()) {
        throw MessageError("message: " + key + ": must be a string");
    }
    return value.extract<std::string>();
}

std::string requireName(const Poco::JSON::Object& object, const std::string& key) {
    auto name = requireString(object, key);
    if (name.empty() || name.size() > kMaxNameBytes) {
        throw MessageError("message: " + key + ": must be 1 to " + std::to_string(kMaxNameBytes) +
                           " characters");
    }
    for (char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok) {
            throw MessageError("message: " + key + ": must be letters, digits, '-' or '_'");
        }
    }
    return name;
}

uint64_t requireId(const Poco::JSON::Object& object) {
    if (!object.has("id")) {
        throw MessageError("message: id: missing");
    }
    const auto value = object.get("id");
    if (!value.isInteger() || value.isString()) {
        throw MessageError("message: id: must be a non-negative integer");
    }
    if (value.isSigned() && value.convert<int64_t>() < 0) {
        throw MessageError("message: id: must be a non-negative integer");
    }
    return value.convert<uint64_t>();
}

Poco::JSON::Object::Ptr requireObject(const Poco::JSON::Object& object, const std::string& key) {
    if (!object.has(key)) {
        throw MessageError("message: " + key + ": missing");
    }
    auto child = object.getObject(key);
    if (!child) {
        throw MessageError("message: " + key + ": must be an object");
    }
    return child;
}

}  // namespace

RpcMessage RpcMessage::request(uint64_t id, std::string command, Poco::JSON::Object::Ptr args) {
    RpcMessage m;
    m.kind = MessageKind::Request;
    m.id = id;
    m.command = std::move(command);
    m.body = args ? args : Poco::JSON::Object::Ptr(new Poco::JSON::Object);
    return m;
}

RpcMessage RpcMessage::reply(uint64_t id, Poco::JSON::Object::Ptr result) {
    RpcMessage m;
    m.kind = MessageKind::Reply;
    m.id = id;
    m.body = result ? result : Poco::JSON::Object::Ptr(new Poco::JSON::Object);
    return m;
}

RpcMessage RpcMessage::error(uint64_t id, std::string code, std::string text) {
    RpcMessage m;
    m.kind = MessageKind::Error;
    m.id = id;
    m.code = std::move(code);
    m.text = std::move(text);
    m.body = new Poco::JSON::Object;
    return m;
}

std::string encodeMessage(const RpcMessage& message) {
    Poco::JSON::Object object;
    object.set("kind", std::string(kindName(message.kind)));
    object.set("id", message.id);
    switch (message.kind) {
        case MessageKind::Request:
            object.set("command", message.command);
            object.set("args", message.body ? message.body : new Poco::JSON::Object);
            break;
        case MessageKind::Reply:
            object.set("result", message.body ? message.body : new Poco::JSON::Object);
            break;
        case MessageKind::Error:
            object.set("code", message.code);
            object.set("message", message.text);
            break;
    }
    std::ostringstream out;
    object.stringify(out);
    return out.str();
}

Poco::JSON::Object::Ptr parseJsonObject(std::string_view text, const std::string& what) {
    Poco::Dynamic::Var parsed;
    try {
        Poco::JSON::Parser parser;
        parser.setDepth(kMaxJsonDepth);
        parsed = parser.parse(std::string(text));
    } catch (const Poco::Exception& e) {
        throw MessageError(what + ": not valid JSON (" + e.message() + ")");
    } catch (const std::exception& e) {
        throw MessageError(what + ": not valid JSON (" + e.what() + ")");
    }
    if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) {
        throw MessageError(what + ": must be a JSON object");
    }
    return parsed.extract<Poco::JSON::Object::Ptr>();
}

RpcMessage decodeMessage(std::string_view payload) {
    const auto object = parseJsonObject(payload, "message");
    try {
        const auto kind = requireString(*object, "kind");
        RpcMessage m;
        m.id = requireId(*object);
        if (kind == "request") {
            m.kind = MessageKind::Request;
            m.command = requireName(*object, "command");
            m.body = requireObject(*object, "args");
        } else if (kind == "reply") {
            m.kind = MessageKind::Reply;
            m.body = requireObject(*object, "result");
        } else if (kind == "error") {
            m.kind = MessageKind::Error;
            m.code = requireName(*object, "code");
            m.text = requireString(*object, "message");
            m.body = new Poco::JSON::Object;
        } else {
            throw MessageError("message: kind: must be request, reply or error");
        }
        return m;
    } catch (const Poco::Exception& e) {
        // Conversions of out-of-range numbers and similar surprises.
        throw MessageError("message: " + e.message());
    }
}

}  // namespace maas::rpc
