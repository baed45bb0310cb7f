#pragma once

#include <optional>
#include <string>

#include "maas/region/api/call.h"
#include "maas/region/db/event_log.h"

namespace maas::region::api {

/// Records who did what (the call's user and address) in the event log, inside `conn`'s
/// transaction: a change that rolls back leaves no record.
inline void recordCallEvent(db::Connection& conn, const Call& call, const db::EventType& type,
                            std::string description,
                            std::optional<std::string> node_system_id = std::nullopt,
                            std::string hostname = {}) {
    db::NewEvent e{type,
                   std::move(description),
                   std::move(node_system_id),
                   std::move(hostname),
                   call.user ? call.user->username : std::string(),
                   call.request.peer_address};
    db::recordEvent(conn, e);
}

}  // namespace maas::region::api
