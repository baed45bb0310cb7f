#pragma once

#include <string>

#include "maas/region/power/rendezvous.h"
#include "maas/rpc/power_commands.h"

namespace maas::region::power {

/// The driver arguments for a machine (pure): its power type and its power_parameters JSON
/// object, every value as text. Throws std::invalid_argument when the JSON is not an object.
maas::rpc::PowerArgs powerArgs(const std::string& system_id, const std::string& power_type,
                               const std::string& parameters_json);

/// The BMC behind those arguments: ipmi is its address and port, webhook its power-on URL
/// (several machines may share a BMC host, each URL is one BMC), manual the machine itself.
BmcTarget bmcTarget(const maas::rpc::PowerArgs& args);

/// True for power types a rack can poll (manual cannot be).
bool pollable(const std::string& power_type);

}  // namespace maas::region::power
