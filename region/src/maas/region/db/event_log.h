#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "maas/region/db/pg.h"

namespace maas::region::db {

/// MAAS's event levels: Python logging's numbers, and AUDIT (0) for who-did-what records.
enum class EventLevel : int {
    Audit = 0,
    Debug = 10,
    Info = 20,
    Warning = 30,
    Error = 40,
    Critical = 50
};
const char* levelName(EventLevel level);
/// "AUDIT", "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"; nullopt for anything else.
std::optional<EventLevel> parseLevel(const std::string& name);

struct EventType {
    const char* name;
    const char* description;  ///< what `events query` shows as "type"
    EventLevel level;
};

namespace event_types {
inline constexpr EventType kAuthorisation{"AUTHORISATION", "Authorisation", EventLevel::Audit};
inline constexpr EventType kNode{"NODE", "Node", EventLevel::Audit};
inline constexpr EventType kSettings{"SETTINGS", "Settings", EventLevel::Audit};
inline constexpr EventType kNetworking{"NETWORKING", "Networking", EventLevel::Audit};
inline constexpr EventType kPowerFailed{"NODE_POWER_FAILED", "Failed to change or query power",
                                        EventLevel::Error};
inline constexpr EventType kDhcpTakeover{"DHCP_HA_TAKEOVER", "DHCP HA takeover",
                                         EventLevel::Warning};
inline constexpr EventType kRackRegistered{"RACK_REGISTERED", "Rack controller registered",
                                           EventLevel::Info};
}  // namespace event_types

/// One event to record. The node, when named, is looked up by system_id in the same statement.
struct NewEvent {
    EventType type;
    std::string description;
    std::optional<std::string> node_system_id;
    std::string hostname;  ///< the node's, kept after the node is deleted
    std::string username;
    std::string ip_address;  ///< where the request came from
};

/// Writes inside the caller's transaction, so a rolled-back change leaves no event behind.
void recordEvent(Connection& conn, const NewEvent& event);

/// `events query`'s selection (MAAS's EventsHandler.query).
struct EventQuery {
    EventLevel level = EventLevel::Info;
    int limit = 100;
    std::optional<int64_t> before;
    std::optional<int64_t> after;
    std::optional<std::string> owner;
    /// Node filters; empty: every event, with or without a node.
    std::vector<std::string> hostnames, system_ids, mac_addresses, zones;
    bool node_filtered = false;  ///< a node filter was given (even one nothing can match)
    bool no_node_matches = false;
    /// A non-admin's name: only their own events and those of nodes they may see
    /// (controllers, unowned machines and their own); nullopt for an admin (everything).
    std::optional<std::string> visible_to;
};

struct EventRow {
    int64_t id = 0;
    std::string username;
    std::optional<std::string> node;
    std::string hostname;
    EventLevel level = EventLevel::Info;
    std::string created;  ///< "Mon, 07 Dec. 2026 09:15:02" (UTC), as MAAS prints it
    std::string type;
    std::string description;
};

/// Newest first, as `events query` returns them (also with `after`).
std::vector<EventRow> queryEvents(Connection& conn, const EventQuery& query);

}  // namespace maas::region::db
