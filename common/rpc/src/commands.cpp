#include "maas/rpc/commands.h"

#include <Poco/JSON/Array.h>

#include <charconv>

#include "maas/rpc/message.h"

namespace maas::rpc {

namespace {

// Limits keep a hostile peer from making us hold huge registrations.
constexpr size_t kMaxField = 255;
constexpr size_t kMaxInterfaces = 256;
constexpr size_t kMaxList = 64;

class Reader {
  public:
    Reader(const Poco::JSON::Object& object, std::string where)
        : object_(object), where_(std::move(where)) {}

    [[noreturn]] void fail(const std::string& key, const std::string& problem) const {
        throw MessageError(where_ + ": " + key + ": " + problem);
    }

    std::string string(const std::string& key, bool required = true) const {
        if (!object_.has(key)) {
            if (required) {
                fail(key, "missing");
            }
            return {};
        }
        const auto value = object_.get(key);
        if (!value.isString()) {
            fail(key, "must be a string");
        }
        auto text = value.extract<std::string>();
        if (text.size() > kMaxField) {
            fail(key, "longer than " + std::to_string(kMaxField) + " characters");
        }
        return text;
    }

    int integer(const std::string& key, int min, int max, bool required = true,
                int fallback = 0) const {
        if (!object_.has(key)) {
            if (required) {
                fail(key, "missing");
            }
            return fallback;
        }
        const auto value = object_.get(key);
        if (!value.isInteger() || value.isString() || value.isBoolean()) {
            fail(key, "must be an integer");
        }
        const auto number = value.convert<int64_t>();
        if (number < min || number > max) {
            fail(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
        }
        return static_cast<int>(number);
    }

    bool boolean(const std::string& key, bool fallback) const {
        if (!object_.has(key)) {
            return fallback;
        }
        const auto value = object_.get(key);
        if (!value.isBoolean()) {
            fail(key, "must be true or false");
        }
        return value.extract<bool>();
    }

    std::vector<std::string> strings(const std::string& key) const {
        std::vector<std::string> out;
        if (!object_.has(key)) {
            return out;
        }
        const auto array = object_.getArray(key);
        if (!array) {
            fail(key, "must be a list of strings");
        }
        if (array->size() > kMaxList) {
            fail(key, "more than " + std::to_string(kMaxList) + " entries");
        }
        for (size_t i = 0; i < array->size(); ++i) {
            const auto value = array->get(static_cast<unsigned>(i));
            if (!value.isString()) {
                fail(key, "must be a list of strings");
            }
            auto text = value.extract<std::string>();
            if (text.size() > kMaxField) {
                fail(key, "entry longer than " + std::to_string(kMaxField) + " characters");
            }
            out.push_back(std::move(text));
        }
        return out;
    }

  private:
    const Poco::JSON::Object& object_;
    std::string where_;
};

Poco::JSON::Array::Ptr toArray(const std::vector<std::string>& values) {
    Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
    for (const auto& v : values) {
        array->add(v);
    }
    return array;
}

bool isMac(const std::string& mac) {
    if (mac.size() != 17) {
        return false;
    }
    for (size_t i = 0; i < mac.size(); ++i) {
        const char c = mac[i];
        if (i % 3 == 2) {
            if (c != ':') {
                return false;
            }
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

InterfaceInfo decodeInterface(const Poco::JSON::Object& object, const std::string& where) {
    Reader r(object, where);
    InterfaceInfo info;
    info.name = r.string("name");
    if (info.name.empty()) {
        r.fail("name", "must not be empty");
    }
    info.type = r.string("type", false);
    if (info.type.empty()) {
        info.type = "physical";
    }
    info.mac_address = r.string("mac_address", false);
    if (!info.mac_address.empty() && !isMac(info.mac_address)) {
        r.fail("mac_address", "must be a lowercase MAC address like 52:54:00:12:34:56");
    }
    info.addresses = r.strings("addresses");
    info.vid = r.integer("vid", 0, 4094, false, 0);
    info.enabled = r.boolean("enabled", true);
    info.parents = r.strings("parents");
    return info;
}

std::vector<InterfaceInfo> decodeInterfaces(const Poco::JSON::Object& object, const Reader& r,
                                            const char* command) {
    std::vector<InterfaceInfo> out;
    if (!object.has("interfaces")) {
        return out;
    }
    const auto array = object.getArray("interfaces");
    if (!array) {
        r.fail("interfaces", "must be a list of objects");
    }
    if (array->size() > kMaxInterfaces) {
        r.fail("interfaces", "more than " + std::to_string(kMaxInterfaces) + " entries");
    }
    for (size_t i = 0; i < array->size(); ++i) {
        const auto item = array->getObject(static_cast<unsigned>(i));
        const std::string where = std::string(command) + ": interfaces[" + std::to_string(i) + "]";
        if (!item) {
            throw MessageError(where + ": must be an object");
        }
        out.push_back(decodeInterface(*item, where));
    }
    return out;
}

Poco::JSON::Array::Ptr interfacesJson(const std::vector<InterfaceInfo>& interfaces) {
    Poco::JSON::Array::Ptr out = new Poco::JSON::Array;
    for (const auto& i : interfaces) {
        Poco::JSON::Object::Ptr item = new Poco::JSON::Object;
        item->set("name", i.name);
        item->set("type", i.type);
        item->set("mac_address", i.mac_address);
        item->set("addresses", toArray(i.addresses));
        item->set("vid", i.vid);
        item->set("enabled", i.enabled);
        item->set("parents", toArray(i.parents));
        out->add(item);
    }
    return out;
}

}  // namespace

Poco::JSON::Object::Ptr toJson(const UpdateInterfacesArgs& args) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("system_id", args.system_id);
    o->set("interfaces", interfacesJson(args.interfaces));
    o->set("gateways", toArray(args.gateways));
    return o;
}

UpdateInterfacesArgs decodeUpdateInterfaces(const Poco::JSON::Object& object) {
    Reader r(object, command::kUpdateInterfaces);
    UpdateInterfacesArgs args;
    args.system_id = r.string("system_id");
    args.interfaces = decodeInterfaces(object, r, command::kUpdateInterfaces);
    args.gateways = r.strings("gateways");
    return args;
}

Poco::JSON::Object::Ptr toJson(const HelloArgs& args) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("protocol", args.protocol);
    o->set("version", args.version);
    o->set("challenge", args.challenge);
    return o;
}

Poco::JSON::Object::Ptr toJson(const ProofArgs& args) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("digest", args.digest);
    o->set("salt", args.salt);
    return o;
}

Poco::JSON::Object::Ptr toJson(const RegisterArgs& args) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("system_id", args.system_id);
    o->set("hostname", args.hostname);
    o->set("version", args.version);
    o->set("protocol", args.protocol);
    o->set("maas_uuid", args.maas_uuid);
    o->set("interfaces", interfacesJson(args.interfaces));
    o->set("gateways", toArray(args.gateways));
    return o;
}

Poco::JSON::Object::Ptr toJson(const RegisterResult& result) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("system_id", result.system_id);
    o->set("maas_uuid", result.maas_uuid);
    o->set("version", result.region_version);
    o->set("warnings", toArray(result.warnings));
    return o;
}

Poco::JSON::Object::Ptr toJson(const HeartbeatArgs& args) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("system_id", args.system_id);
    return o;
}

Poco::JSON::Object::Ptr toJson(const StopRackArgs& args) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("reason", args.reason);
    return o;
}

HelloArgs decodeHello(const Poco::JSON::Object& object) {
    Reader r(object, command::kHello);
    HelloArgs args;
    args.protocol = r.integer("protocol", 0, 1000000);
    args.version = r.string("version");
    args.challenge = r.string("challenge");
    return args;
}

ProofArgs decodeProof(const Poco::JSON::Object& object) {
    Reader r(object, command::kProof);
    return ProofArgs{r.string("digest"), r.string("salt")};
}

RegisterArgs decodeRegister(const Poco::JSON::Object& object) {
    Reader r(object, command::kRegister);
    RegisterArgs args;
    args.system_id = r.string("system_id", false);
    args.hostname = r.string("hostname");
    if (args.hostname.empty()) {
        r.fail("hostname", "must not be empty");
    }
    args.version = r.string("version");
    args.protocol = r.integer("protocol", 0, 1000000, false, kProtocolVersion);
    args.maas_uuid = r.string("maas_uuid", false);
    args.interfaces = decodeInterfaces(object, r, command::kRegister);
    args.gateways = r.strings("gateways");
    return args;
}

RegisterResult decodeRegisterResult(const Poco::JSON::Object& object) {
    Reader r(object, "RegisterRackController reply");
    RegisterResult result;
    result.system_id = r.string("system_id");
    result.maas_uuid = r.string("maas_uuid");
    result.region_version = r.string("version", false);
    result.warnings = r.strings("warnings");
    if (result.system_id.empty()) {
        r.fail("system_id", "must not be empty");
    }
    return result;
}

HeartbeatArgs decodeHeartbeat(const Poco::JSON::Object& object) {
    Reader r(object, command::kHeartbeat);
    return HeartbeatArgs{r.string("system_id")};
}

StopRackArgs decodeStopRack(const Poco::JSON::Object& object) {
    Reader r(object, command::kStopRack);
    return StopRackArgs{r.string("reason", false)};
}

VersionNumbers parseVersion(const std::string& version) {
    VersionNumbers out;
    const char* begin = version.data();
    const char* end = begin + version.size();
    int major = 0;
    auto [p, ec] = std::from_chars(begin, end, major);
    if (ec != std::errc() || p == end || *p != '.') {
        return out;
    }
    int minor = 0;
    auto [q, ec2] = std::from_chars(p + 1, end, minor);
    if (ec2 != std::errc() || q == p + 1) {
        return out;
    }
    out.major = major;
    out.minor = minor;
    return out;
}

}  // namespace maas::rpc
