#include "maas/rpc/power_commands.h"

#include <Poco/JSON/Array.h>

#include "maas/rpc/message.h"

namespace maas::rpc {

namespace {

constexpr size_t kMaxText = 1024;  // URLs and BMC messages may be long; still bounded
constexpr size_t kMaxParameters = 32;

[[noreturn]] void fail(const std::string& what, const std::string& key,
                       const std::string& problem) {
    throw MessageError(what + ": " + key + ": " + problem);
}

std::string text(const Poco::JSON::Object& o, const std::string& what, const std::string& key,
                 bool required = true) {
    if (!o.has(key)) {
        if (required) {
            fail(what, key, "missing");
        }
        return {};
    }
    const auto value = o.get(key);
    if (!value.isString()) {
        fail(what, key, "must be a string");
    }
    auto s = value.extract<std::string>();
    if (s.size() > kMaxText) {
        fail(what, key, "longer than " + std::to_string(kMaxText) + " characters");
    }
    return s;
}

Poco::JSON::Array::Ptr array(const Poco::JSON::Object& o, const std::string& what,
                             const std::string& key) {
    if (!o.has(key) || !o.isArray(key)) {
        fail(what, key, "must be a list");
    }
    auto a = o.getArray(key);
    if (a->size() > kMaxPowerEntries) {
        fail(what, key, "more than " + std::to_string(kMaxPowerEntries) + " entries");
    }
    return a;
}

Poco::JSON::Object::Ptr objectAt(const Poco::JSON::Array& a, size_t i, const std::string& what,
                                 const std::string& key) {
    auto o = a.getObject(static_cast<unsigned>(i));
    if (!o) {
        fail(what, key + "[" + std::to_string(i) + "]", "must be an object");
    }
    return o;
}

void decodeReportSequence(const Poco::JSON::Object& object, const std::string& what,
                          PowerStateReport& out) {
    if (!object.has("seq")) {
        if (object.has("queue")) {
            fail(what, "seq", "missing (queue given)");
        }
        return;
    }
    out.queue = text(object, what, "queue");
    if (out.queue.empty() || out.queue.size() > 64 ||
        out.queue.find_first_not_of("0123456789abcdef") != std::string::npos) {
        fail(what, "queue", "must be 1-64 characters of 0-9a-f");
    }
    const auto seq = object.get("seq");
    if (!seq.isInteger()) {
        fail(what, "seq", "must be an integer");
    }
    out.seq = seq.convert<int64_t>();
    if (out.seq < 1 || out.seq > kMaxPowerReportSeq) {
        fail(what, "seq", "must be between 1 and 2^53");
    }
}

}  // namespace

bool isPowerState(const std::string& state) {
    return state == "on" || state == "off" || state == "unknown";
}

Poco::JSON::Object::Ptr toJson(const PowerArgs& args) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("system_id", args.system_id);
    o->set("power_type", args.power_type);
    Poco::JSON::Object::Ptr p = new Poco::JSON::Object;
    for (const auto& [k, v] : args.parameters) {
        p->set(k, v);
    }
    o->set("parameters", p);
    return o;
}

Poco::JSON::Object::Ptr toJson(const PowerResult& result) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("state", result.state);
    return o;
}

Poco::JSON::Object::Ptr toJson(const PowerAssignments& args) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("interval_ms", args.interval_ms);
    Poco::JSON::Array::Ptr a = new Poco::JSON::Array;
    for (const auto& b : args.bmcs) {
        a->add(toJson(b));
    }
    o->set("bmcs", a);
    return o;
}

Poco::JSON::Object::Ptr toJson(const PowerStateReport& args) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("system_id", args.rack_system_id);
    Poco::JSON::Array::Ptr a = new Poco::JSON::Array;
    for (const auto& c : args.changes) {
        Poco::JSON::Object::Ptr e = new Poco::JSON::Object;
        e->set("system_id", c.system_id);
        e->set("state", c.state);
        e->set("error", c.error);
        a->add(e);
    }
    o->set("changes", a);
    if (args.seq > 0) {
        o->set("queue", args.queue);
        o->set("seq", args.seq);
    }
    return o;
}

PowerArgs decodePowerArgs(const Poco::JSON::Object& object, const std::string& what) {
    PowerArgs args;
    args.system_id = text(object, what, "system_id");
    args.power_type = text(object, what, "power_type");
    if (args.system_id.empty()) {
        fail(what, "system_id", "must not be empty");
    }
    if (args.power_type.empty()) {
        fail(what, "power_type", "must not be empty");
    }
    if (object.has("parameters")) {
        const auto p = object.getObject("parameters");
        if (!p) {
            fail(what, "parameters", "must be an object");
        }
        if (p->size() > kMaxParameters) {
            fail(what, "parameters", "more than " + std::to_string(kMaxParameters) + " entries");
        }
        for (const auto& key : p->getNames()) {
            if (key.empty() || key.size() > 64) {
                fail(what, "parameters", "names must be 1-64 characters");
            }
            args.parameters[key] = text(*p, what + ": parameters", key);
        }
    }
    return args;
}

PowerResult decodePowerResult(const Poco::JSON::Object& object) {
    const std::string what = "power reply";
    PowerResult result{text(object, what, "state")};
    if (!isPowerState(result.state)) {
        fail(what, "state", "must be on, off or unknown");
    }
    return result;
}

PowerAssignments decodePowerAssignments(const Poco::JSON::Object& object) {
    const std::string what = command::kSetPowerAssignments;
    PowerAssignments out;
    if (!object.has("interval_ms") || !object.get("interval_ms").isInteger()) {
        fail(what, "interval_ms", "must be an integer");
    }
    const auto interval = object.get("interval_ms").convert<int64_t>();
    if (interval < 100 || interval > 86400000) {
        fail(what, "interval_ms", "must be between 100 and 86400000");
    }
    out.interval_ms = static_cast<uint32_t>(interval);
    const auto a = array(object, what, "bmcs");
    for (size_t i = 0; i < a->size(); ++i) {
        out.bmcs.push_back(decodePowerArgs(*objectAt(*a, i, what, "bmcs"),
                                           what + ": bmcs[" + std::to_string(i) + "]"));
    }
    return out;
}

PowerStateReport decodePowerStateReport(const Poco::JSON::Object& object) {
    const std::string what = command::kPowerStateReport;
    PowerStateReport out;
    out.rack_system_id = text(object, what, "system_id");
    const auto a = array(object, what, "changes");
    for (size_t i = 0; i < a->size(); ++i) {
        const auto e = objectAt(*a, i, what, "changes");
        const auto where = what + ": changes[" + std::to_string(i) + "]";
        PowerStateChange c{text(*e, where, "system_id"), text(*e, where, "state"),
                           text(*e, where, "error", false)};
        if (!isPowerState(c.state) && c.state != "error") {
            fail(where, "state", "must be on, off, unknown or error");
        }
        out.changes.push_back(std::move(c));
    }
    decodeReportSequence(object, what, out);
    return out;
}

}  // namespace maas::rpc
