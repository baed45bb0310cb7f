#include "maas/hooks/parameters.h"

#include <sys/un.h>

#include <functional>
#include <limits>

#include "maas/hooks/lease_record.h"

namespace maas::hooks {

const char* roleName(Role role) {
    switch (role) {
        case Role::Primary:
            return "primary";
        case Role::Secondary:
            return "secondary";
        case Role::Standalone:
            break;
    }
    return "standalone";
}

namespace {

[[noreturn]] void fail(const std::string& name, const std::string& problem) {
    throw ParameterError("maas-ha parameter '" + name + "': " + problem);
}

int64_t integer(const std::string& name, const ParamValue& value, int64_t min, int64_t max) {
    const auto* number = std::get_if<int64_t>(&value);
    if (number == nullptr) {
        fail(name, "must be an integer");
    }
    if (*number < min || *number > max) {
        fail(name, "must be from " + std::to_string(min) + " to " + std::to_string(max) + ", got " +
                       std::to_string(*number));
    }
    return *number;
}

double number(const std::string& name, const ParamValue& value, double min, double max) {
    double parsed = 0;
    if (const auto* integral = std::get_if<int64_t>(&value)) {
        parsed = static_cast<double>(*integral);
    } else if (const auto* real = std::get_if<double>(&value)) {
        parsed = *real;
    } else {
        fail(name, "must be a number");
    }
    if (!(parsed >= min && parsed <= max)) {  // also refuses NaN
        fail(name, "must be from " + std::to_string(static_cast<int>(min)) + " to " +
                       std::to_string(static_cast<int>(max)) + ", got " + std::to_string(parsed));
    }
    return parsed;
}

std::string string(const std::string& name, const ParamValue& value) {
    const auto* text = std::get_if<std::string>(&value);
    if (text == nullptr) {
        fail(name, "must be a string");
    }
    return *text;
}

uint32_t address(const std::string& name, const ParamValue& value) {
    uint32_t parsed = 0;
    if (!parseAddress(string(name, value), parsed)) {
        fail(name, "must be an IPv4 address, got '" + string(name, value) + "'");
    }
    return parsed;
}

using Setter = std::function<void(HookParameters&, const std::string&, const ParamValue&)>;

const std::map<std::string, Setter>& setters() {
    static const std::map<std::string, Setter> table = {
        {"role",
         [](HookParameters& p, const std::string& n, const ParamValue& v) {
             const std::string role = string(n, v);
             if (role == "primary") {
                 p.role = Role::Primary;
             } else if (role == "secondary") {
                 p.role = Role::Secondary;
             } else if (role == "standalone") {
                 p.role = Role::Standalone;
             } else {
                 fail(n, "must be 'primary', 'secondary' or 'standalone', got '" + role + "'");
             }
         }},
        {"address", [](auto& p, auto& n, auto& v) { p.address = address(n, v); }},
        {"peer-address", [](auto& p, auto& n, auto& v) { p.peer_address = address(n, v); }},
        {"port", [](auto& p, auto& n, auto& v) { p.port = integer(n, v, 1, 65535); }},
        {"peer-port", [](auto& p, auto& n, auto& v) { p.peer_port = integer(n, v, 1, 65535); }},
        {"split", [](auto& p, auto& n, auto& v) { p.split = integer(n, v, 0, 256); }},
        {"mclt", [](auto& p, auto& n, auto& v) { p.mclt_seconds = integer(n, v, 1, 86400 * 7); }},
        {"max-response-delay",
         [](auto& p, auto& n, auto& v) { p.max_response_delay_seconds = integer(n, v, 1, 3600); }},
        {"max-unacked-updates",
         [](auto& p, auto& n, auto& v) { p.max_unacked_updates = integer(n, v, 1, 1000); }},
        {"load-balance-max-seconds",
         [](auto& p, auto& n, auto& v) { p.load_balance_max_seconds = integer(n, v, 0, 65535); }},
        {"heartbeat-interval",
         [](auto& p, auto& n, auto& v) { p.heartbeat_interval_ms = integer(n, v, 100, 60000); }},
        {"link-loss-floor",
         [](auto& p, auto& n, auto& v) { p.link_loss_floor_ms = integer(n, v, 100, 60000); }},
        {"link-loss-ceiling",
         [](auto& p, auto& n, auto& v) { p.link_loss_ceiling_ms = integer(n, v, 100, 60000); }},
        {"link-loss-phi", [](auto& p, auto& n, auto& v) { p.link_loss_phi = number(n, v, 1, 16); }},
        {"max-ack-delay",
         [](auto& p, auto& n, auto& v) { p.max_ack_delay_ms = integer(n, v, 10, 60000); }},
        {"batch-hold", [](auto& p, auto& n, auto& v) { p.batch_hold_ms = integer(n, v, 0, 100); }},
        {"auto-partner-down",
         [](auto& p, auto& n, auto& v) { p.auto_partner_down_seconds = integer(n, v, 0, 86400); }},
        {"fence-time",
         [](HookParameters& p, const std::string& n, const ParamValue& v) {
             const auto ms = integer(n, v, 0, 600000);
             if (ms != 0 && ms < 1000) {
                 fail(n, "must be 0 (no witness) or from 1000 to 600000 ms, got " +
                             std::to_string(ms));
             }
             p.fence_time_ms = static_cast<uint32_t>(ms);
         }},
        {"backlog-limit",
         [](auto& p, auto& n, auto& v) { p.backlog_limit = integer(n, v, 1, 10000000); }},
        {"sync-page-size",
         [](auto& p, auto& n, auto& v) { p.sync_page_size = integer(n, v, 1, 10000); }},
        {"wait-for-partner-ack",
         [](HookParameters& p, const std::string& n, const ParamValue& v) {
             const auto* flag = std::get_if<bool>(&v);
             if (flag == nullptr) {
                 fail(n, "must be true or false");
             }
             p.wait_for_partner_ack = *flag;
         }},
        {"secret-file", [](auto& p, auto& n, auto& v) { p.secret_file = string(n, v); }},
        {"event-socket", [](auto& p, auto& n, auto& v) { p.event_socket = string(n, v); }},
    };
    return table;
}

// Parameters of the partner relationship: meaningless without one, so a standalone server
// refuses them rather than ignore a configuration mistake.
constexpr const char* kPartnerOnly[] = {"peer-address",
                                        "peer-port",
                                        "port",
                                        "split",
                                        "mclt",
                                        "max-response-delay",
                                        "max-unacked-updates",
                                        "load-balance-max-seconds",
                                        "heartbeat-interval",
                                        "link-loss-floor",
                                        "link-loss-ceiling",
                                        "link-loss-phi",
                                        "max-ack-delay",
                                        "batch-hold",
                                        "auto-partner-down",
                                        "fence-time",
                                        "backlog-limit",
                                        "sync-page-size",
                                        "wait-for-partner-ack",
                                        "secret-file"};

void checkStandalone(const RawParams& raw, const HookParameters& params) {
    for (const char* name : kPartnerOnly) {
        if (raw.count(name) != 0) {
            fail(name, "not allowed with role 'standalone' (there is no partner)");
        }
    }
    if (params.event_socket.empty()) {
        fail("event-socket", "is required with role 'standalone' (reporting leases is its job)");
    }
}

// The failure detector's bounds must leave room for heartbeats and stay under the hard limit.
void checkDetector(const HookParameters& params) {
    if (params.link_loss_floor_ms <= params.heartbeat_interval_ms) {
        fail("link-loss-floor", "must be more than heartbeat-interval (" +
                                    std::to_string(params.heartbeat_interval_ms) + " ms), got " +
                                    std::to_string(params.link_loss_floor_ms));
    }
    if (params.link_loss_ceiling_ms < params.link_loss_floor_ms) {
        fail("link-loss-ceiling", "must not be less than link-loss-floor (" +
                                      std::to_string(params.link_loss_floor_ms) + " ms), got " +
                                      std::to_string(params.link_loss_ceiling_ms));
    }
    if (params.link_loss_ceiling_ms > params.max_response_delay_seconds * 1000) {
        fail("link-loss-ceiling", "must not exceed max-response-delay (" +
                                      std::to_string(params.max_response_delay_seconds) +
                                      " s), got " + std::to_string(params.link_loss_ceiling_ms));
    }
}

void checkPartnered(const RawParams& raw, HookParameters& params) {
    for (const char* required : {"peer-address", "secret-file"}) {
        if (raw.count(required) == 0) {
            fail(required, std::string("is required with role '") + roleName(params.role) + "'");
        }
    }
    if (raw.count("peer-port") == 0) {
        params.peer_port = params.port;
    }
    if (params.address == params.peer_address && params.port == params.peer_port) {
        fail("peer-address", "must differ from 'address' (or use another port)");
    }
    if (params.secret_file.empty()) {
        fail("secret-file", "must not be empty");
    }
    checkDetector(params);
}

}  // namespace

HookParameters parseParameters(const RawParams& raw) {
    HookParameters params;
    for (const auto& [name, value] : raw) {
        auto setter = setters().find(name);
        if (setter == setters().end()) {
            fail(name, "unknown parameter");
        }
        setter->second(params, name, value);
    }
    for (const char* required : {"role", "address"}) {
        if (raw.count(required) == 0) {
            fail(required, "is required");
        }
    }
    if (params.role == Role::Standalone) {
        checkStandalone(raw, params);
    } else {
        checkPartnered(raw, params);
    }
    if (params.event_socket.size() >= sizeof(sockaddr_un{}.sun_path)) {
        fail("event-socket", "path is longer than a unix socket path may be");
    }
    return params;
}

}  // namespace maas::hooks
