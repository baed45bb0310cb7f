#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "maas/region/power/rendezvous.h"
#include "maas/rpc/message.h"
#include "maas/rpc/power_commands.h"

namespace maas::region::power {

/// Sends one request to a rack and waits for its answer (a reply, the rack's error, or a local
/// error: not-connected, connection-lost, timeout). The worker's RpcServer in production.
using RackCaller = std::function<maas::rpc::RpcMessage(
    const std::string& rack_system_id, const std::string& command, Poco::JSON::Object::Ptr args,
    std::chrono::milliseconds timeout)>;

struct PowerOutcome {
    bool ok = false;
    std::string state;                    ///< on success
    const RackCandidate* rack = nullptr;  ///< the rack that answered
    std::string error;                    ///< on failure: the BMC's message when a rack reached it
    std::vector<const RackCandidate*> bmc_failed;  ///< racks whose call failed at the BMC
};

/// Runs a power command on the BMC's owner and, when that fails or times out, on the next
/// rack in ownerOrder, until one succeeds or every live rack was tried.
PowerOutcome runPowerCommand(const std::vector<RackCandidate>& racks,
                             const maas::rpc::PowerArgs& args, const std::string& command,
                             const RackCaller& caller, std::chrono::milliseconds timeout);

}  // namespace maas::region::power
