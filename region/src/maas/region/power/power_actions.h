#pragma once

#include <chrono>
#include <vector>

#include "maas/region/api/call.h"
#include "maas/region/api/errors.h"
#include "maas/region/power/power_command.h"
#include "maas/region/store/node_query.h"

namespace maas::region::power {

/// MachineHandler.power_on / power_off (POST, answer the machine) and query_power_state (GET,
/// answers {"state": ...}) through the BMC's owner rack with failover; a failure is a 503
/// naming the machine and the BMC's message. They hold no database connection while the racks
/// work: one short transaction reads, another records the outcome.
void registerPowerActions(api::ActionMap& map, RackCaller caller,
                          std::chrono::milliseconds timeout);

/// Sets power_rack on each machine: the live rack owning its BMC now.
void attachPowerRacks(db::Connection& conn, std::vector<api::Node>& machines);

/// Turns query.power_rack into query.managed_ids: the machines matching the rest of the query
/// whose BMC that rack owns now (none when it is not live). A name that is no rack controller
/// is an error on "power_rack".
void resolvePowerRack(db::Connection& conn, store::NodeQuery& query, api::FieldErrors& errors);

}  // namespace maas::region::power
