#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

#include "maas/region/api/errors.h"
#include "maas/region/http/form.h"

namespace maas::region::notify {

/// What `notifications create` and `notification update` take, as MAAS's NotificationForm.
struct NotificationFields {
    std::optional<std::string> ident;  ///< empty means none
    std::optional<std::string> user;   ///< a user id (digits) or username
    bool users = false;
    bool admins = false;
    std::string message;
    std::string context_json = "{}";  ///< a JSON object
    std::string category = "info";
    bool dismissable = true;
};

inline constexpr size_t kIdentMaxLength = 40;
inline constexpr size_t kMessageMaxLength = 10000;

/// Reads and checks the form; every problem is recorded under its field's name. On update,
/// `base` holds the current values, so fields not sent keep them.
NotificationFields readNotificationForm(const http::FormParams& params,
                                        const NotificationFields& base, api::FieldErrors& errors);

/// MAAS renders `message` with Python's str.format(**context): every {name} must be a key of
/// the context, and {{ }} stand for braces. Nullopt when it renders, else why not.
std::optional<std::string> renderProblem(const std::string& message,
                                         const Poco::JSON::Object& context);

/// `message` with every { and } doubled, so it renders to itself.
std::string escapeBraces(const std::string& text);

// ---- Conditions the region raises notifications for (pure) ----

struct ControllerFact {
    std::string system_id;
    std::string hostname;
    bool is_rack = false;
    std::string version;
    std::string rackd_status;  ///< racks: the rackd service row's status
};

struct ServiceFallsFact {
    std::string system_id;
    std::string hostname;
    std::string service;
    int64_t falls = 0;  ///< times it left running within the window
    std::string status;
};

struct DhcpServerFact {
    std::string hostname;
    std::string role;  ///< primary or secondary
    std::string rackd_status;
    std::string dhcpd_status;
};

struct VlanDhcpFact {
    int64_t vlan_id = 0;
    std::string name;  ///< fabric-1.untagged
    std::vector<DhcpServerFact> servers;
};

struct TlsFact {
    std::string subject;
    std::chrono::system_clock::time_point not_after;
};

struct HealthFacts {
    std::vector<ControllerFact> controllers;
    std::vector<ServiceFallsFact> service_falls;
    std::vector<VlanDhcpFact> dhcp_vlans;  ///< VLANs with DHCP on (not relayed)
    std::optional<TlsFact> tls;
    std::chrono::system_clock::time_point now;
};

/// One notification the region wants to exist; admins see it.
struct RaisedNotification {
    std::string ident;
    std::string category;
    std::string message;  ///< braces escaped: renders to itself
    std::string context_json;
    bool operator==(const RaisedNotification&) const = default;
};

/// Falls within this window that make a service crash-looping.
inline constexpr int kCrashLoopFalls = 3;
inline constexpr std::chrono::minutes kCrashLoopWindow{10};
/// How long before its expiry a certificate is warned of (MAAS's default interval).
inline constexpr std::chrono::hours kTlsWarnBefore{24 * 30};

/// A rack serves a VLAN's DHCP when its rackd is connected and its dhcpd is running.
bool servesDhcp(const DhcpServerFact& server);

/// Every notification the facts call for, ordered by ident.
std::vector<RaisedNotification> raisedNotifications(const HealthFacts& facts);

}  // namespace maas::region::notify
