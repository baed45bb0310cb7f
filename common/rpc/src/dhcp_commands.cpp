#include "maas/rpc/dhcp_commands.h"
#include "maas/rpc/dhcp_ha_commands.h"

#include <Poco/JSON/Array.h>

#include <algorithm>

#include "maas/rpc/message.h"

namespace maas::rpc {

namespace {

constexpr size_t kMaxPath = 200;
constexpr size_t kMaxConfig = 900 * 1024;  // under the 1 MiB frame cap with the envelope
constexpr size_t kMaxWarnings = 64;
constexpr size_t kMaxEvents = 1000;
constexpr size_t kMaxShort = 255;

using Poco::JSON::Array;
using Poco::JSON::Object;

/// Field access for one command's object: each failure names command and field.
struct Fields {
    const Object& object;
    const std::string where;

    [[noreturn]] void fail(const std::string& key, const std::string& problem) const {
        throw MessageError(where + ": " + key + ": " + problem);
    }
    std::string text(const std::string& key, size_t max, bool required = true) const {
        if (!object.has(key)) {
            if (required)
                fail(key, "missing");
            return {};
        }
        const auto value = object.get(key);
        if (!value.isString())
            fail(key, "must be a string");
        auto out = value.extract<std::string>();
        if (out.size() > max)
            fail(key, "longer than " + std::to_string(max) + " characters");
        for (char c : out)
            if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t')
                fail(key, "contains control characters");
        return out;
    }
    /// An absolute path without control characters (it goes into Kea's configuration).
    std::string path(const std::string& key) const {
        auto p = text(key, kMaxPath);
        if (p.empty() || p[0] != '/')
            fail(key, "must be an absolute path");
        if (p.find_first_of("\n\t") != std::string::npos)
            fail(key, "contains control characters");
        return p;
    }
    int64_t number(const std::string& key, int64_t min, int64_t max) const {
        if (!object.has(key))
            fail(key, "missing");
        const auto value = object.get(key);
        if (!value.isInteger() || value.isBoolean())
            fail(key, "must be an integer");
        const auto n = value.convert<int64_t>();
        if (n < min || n > max)
            fail(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
        return n;
    }
    bool flag(const std::string& key) const {
        if (!object.has(key) || !object.get(key).isBoolean())
            fail(key, "must be true or false");
        return object.get(key).extract<bool>();
    }
    Array::Ptr list(const std::string& key, size_t max) const {
        if (!object.has(key))
            return new Array;
        const auto array = object.getArray(key);
        if (!array)
            fail(key, "must be a list");
        if (array->size() > max)
            fail(key, "more than " + std::to_string(max) + " entries");
        return array;
    }
};

}  // namespace

Object::Ptr heartbeatReplyJson(int64_t dhcp_generation) {
    Object::Ptr o = new Object;
    o->set("dhcp_generation", dhcp_generation);
    return o;
}

int64_t decodeHeartbeatReply(const Object* reply) {
    if (!reply || !reply->has("dhcp_generation"))
        return 0;  // a region without DHCP support
    return Fields{*reply, "Heartbeat reply"}.number("dhcp_generation", 0, INT64_MAX);
}

Object::Ptr toJson(const GetDhcpConfigArgs& a) {
    Object::Ptr o = new Object;
    o->set("system_id", a.system_id);
    o->set("data_dir", a.data_dir);
    o->set("lease_cmds_library", a.lease_cmds_library);
    o->set("ha_hook_library", a.ha_hook_library);
    o->set("secret_file", a.secret_file);
    o->set("event_socket", a.event_socket);
    return o;
}

GetDhcpConfigArgs decodeGetDhcpConfig(const Object& object) {
    const Fields f{object, command::kGetDhcpConfig};
    GetDhcpConfigArgs a;
    a.system_id = f.text("system_id", kMaxShort);
    a.data_dir = f.path("data_dir");
    a.lease_cmds_library = f.path("lease_cmds_library");
    a.ha_hook_library = f.path("ha_hook_library");
    a.secret_file = f.path("secret_file");
    a.event_socket = f.path("event_socket");
    return a;
}

Object::Ptr toJson(const DhcpConfigResult& r) {
    Object::Ptr o = new Object;
    o->set("generation", r.generation);
    o->set("serving", r.serving);
    o->set("config", r.config);
    Array::Ptr warnings = new Array;
    for (const auto& w : r.warnings)
        warnings->add(w);
    o->set("warnings", warnings);
    return o;
}

DhcpConfigResult decodeDhcpConfigResult(const Object& object) {
    const Fields f{object, "GetDHCPConfig reply"};
    DhcpConfigResult r;
    r.generation = f.number("generation", 0, INT64_MAX);
    r.serving = f.flag("serving");
    r.config = f.text("config", kMaxConfig);
    if (r.serving && r.config.empty())
        f.fail("config", "must not be empty when serving");
    const auto warnings = f.list("warnings", kMaxWarnings);
    for (size_t i = 0; i < warnings->size(); ++i) {
        const auto w = warnings->get(static_cast<unsigned>(i));
        if (!w.isString())
            f.fail("warnings", "must be a list of strings");
        r.warnings.push_back(w.extract<std::string>().substr(0, 1024));
    }
    return r;
}

Object::Ptr toJson(const DhcpStatusArgs& a) {
    Object::Ptr o = new Object;
    o->set("system_id", a.system_id);
    o->set("status", a.status);
    o->set("info", a.info);
    return o;
}

DhcpStatusArgs decodeDhcpStatus(const Object& object) {
    const Fields f{object, command::kDhcpStatus};
    DhcpStatusArgs a;
    a.system_id = f.text("system_id", kMaxShort);
    a.status = f.text("status", 16);
    if (a.status != "running" && a.status != "degraded" && a.status != "dead" &&
        a.status != "off" && a.status != "unknown")
        f.fail("status", "must be one of running, degraded, dead, off, unknown");
    a.info = f.text("info", 1024, false);
    return a;
}

Object::Ptr toJson(const LeaseEventsArgs& a) {
    Object::Ptr o = new Object;
    o->set("system_id", a.system_id);
    Array::Ptr events = new Array;
    for (const auto& e : a.events) {
        Object::Ptr item = new Object;
        item->set("action", e.action);
        item->set("ip", e.ip);
        item->set("mac", e.mac);
        item->set("hostname", e.hostname);
        item->set("expires", e.expires);
        events->add(item);
    }
    o->set("events", events);
    if (a.first_seq > 0) {
        o->set("spool", a.spool);
        o->set("first_seq", a.first_seq);
    }
    return o;
}

LeaseEventsArgs decodeLeaseEvents(const Object& object) {
    const Fields f{object, command::kLeaseEvents};
    LeaseEventsArgs a;
    a.system_id = f.text("system_id", kMaxShort);
    const auto events = f.list("events", kMaxEvents);
    for (size_t i = 0; i < events->size(); ++i) {
        const auto item = events->getObject(static_cast<unsigned>(i));
        if (!item)
            f.fail("events", "must be a list of objects");
        const Fields e{*item, f.where + ": events[" + std::to_string(i) + "]"};
        LeaseEvent ev;
        ev.action = e.text("action", 16);
        if (ev.action != "commit" && ev.action != "release" && ev.action != "decline" &&
            ev.action != "expire")
            e.fail("action", "must be one of commit, release, decline, expire");
        ev.ip = e.text("ip", 45);
        ev.mac = e.text("mac", 64);
        ev.hostname = e.text("hostname", kMaxShort, false);
        ev.expires = e.number("expires", 0, INT64_MAX);
        a.events.push_back(std::move(ev));
    }
    if (object.has("first_seq")) {
        a.spool = f.text("spool", 64);
        if (a.spool.empty() || a.spool.find_first_not_of("0123456789abcdef") != std::string::npos)
            f.fail("spool", "must be 1-64 characters of 0-9a-f");
        a.first_seq = f.number("first_seq", 1, kMaxLeaseSeq);
        if (a.first_seq + static_cast<int64_t>(a.events.size()) - 1 > kMaxLeaseSeq)
            f.fail("first_seq",
                   "the batch's last sequence number passes " + std::to_string(kMaxLeaseSeq));
    } else if (object.has("spool")) {
        f.fail("first_seq", "missing (spool given)");
    }
    return a;
}

size_t leaseEventsAlreadyApplied(const LeaseEventsArgs& batch, int64_t applied_seq) {
    if (batch.first_seq <= 0 || applied_seq < batch.first_seq)
        return 0;
    return static_cast<size_t>(std::min<int64_t>(applied_seq - batch.first_seq + 1,
                                                 static_cast<int64_t>(batch.events.size())));
}

Object::Ptr leaseEventsReplyJson(int64_t applied_seq) {
    Object::Ptr o = new Object;
    o->set("applied_seq", applied_seq);
    return o;
}

std::optional<int64_t> decodeLeaseEventsReply(const Object* reply) {
    if (!reply || !reply->has("applied_seq"))
        return std::nullopt;
    return Fields{*reply, "LeaseEvents reply"}.number("applied_seq", 0, kMaxLeaseSeq);
}

}  // namespace maas::rpc

// The HA status report and the witness's order (dhcp_ha_commands.h).
namespace maas::rpc {

namespace {
constexpr int64_t kMaxMs = int64_t{1} << 52;

std::string oneOf(const Fields& f, const std::string& key, std::initializer_list<const char*> ok) {
    auto value = f.text(key, 32);
    for (const char* name : ok)
        if (value == name)
            return value;
    std::string names;
    for (const char* name : ok)
        names += (names.empty() ? "" : ", ") + std::string(name);
    f.fail(key, "must be one of " + names);
}
}  // namespace

Object::Ptr toJson(const DhcpHaStatusArgs& a) {
    Object::Ptr o = new Object;
    o->set("system_id", a.system_id);
    o->set("role", a.role);
    o->set("state", a.state);
    o->set("partner_state", a.partner_state);
    o->set("link_up", a.link_up);
    o->set("backlog", a.backlog);
    o->set("last_contact_ms_ago", a.last_contact_ms_ago);
    o->set("holds_partner_leases", a.holds_partner_leases);
    o->set("allocation", a.allocation);
    o->set("last_failover_ms_ago", a.last_failover_ms_ago);
    o->set("last_failover_reason", a.last_failover_reason);
    o->set("ack_latency_avg_us", a.ack_latency_avg_us);
    return o;
}

DhcpHaStatusArgs decodeDhcpHaStatus(const Object& object) {
    const Fields f{object, command::kDhcpHaStatus};
    static constexpr std::initializer_list<const char*> kStates = {
        "startup",      "sync",    "normal",     "communications-interrupted",
        "partner-down", "recover", "standalone", "unknown"};
    DhcpHaStatusArgs a;
    a.system_id = f.text("system_id", kMaxShort);
    a.role = oneOf(f, "role", {"primary", "secondary"});
    a.state = oneOf(f, "state", kStates);
    a.partner_state = oneOf(f, "partner_state", kStates);
    a.link_up = f.flag("link_up");
    a.backlog = f.number("backlog", 0, 10000000);
    a.last_contact_ms_ago = f.number("last_contact_ms_ago", -1, kMaxMs);
    a.holds_partner_leases = f.flag("holds_partner_leases");
    a.allocation = oneOf(f, "allocation", {"whole-pool", "own-half", "renew-only"});
    a.last_failover_ms_ago = f.number("last_failover_ms_ago", -1, kMaxMs);
    a.last_failover_reason = f.text("last_failover_reason", 64, false);
    a.ack_latency_avg_us = f.number("ack_latency_avg_us", 0, kMaxMs);
    return a;
}

Object::Ptr toJson(const DhcpPartnerDownArgs& a) {
    Object::Ptr o = new Object;
    o->set("fence_wait_ms", a.fence_wait_ms);
    return o;
}

DhcpPartnerDownArgs decodeDhcpPartnerDown(const Object& object) {
    const Fields f{object, command::kDhcpPartnerDown};
    return DhcpPartnerDownArgs{f.number("fence_wait_ms", 0, 600000)};
}

}  // namespace maas::rpc
