#include "maas/region/power/power_command.h"

#include "maas/region/power/bmc.h"

namespace maas::region::power {

namespace mr = maas::rpc;

PowerOutcome runPowerCommand(const std::vector<RackCandidate>& racks, const mr::PowerArgs& args,
                             const std::string& command, const RackCaller& caller,
                             std::chrono::milliseconds timeout) {
    PowerOutcome out;
    if (racks.empty()) {
        out.error = "no rack controller is connected";
        return out;
    }
    std::string bmc_error;
    std::string link_error;
    for (const size_t i : ownerOrder(racks, bmcTarget(args))) {
        const auto& rack = racks[i];
        const auto answer = caller(rack.system_id, command, mr::toJson(args), timeout);
        if (answer.kind == mr::MessageKind::Reply) {
            try {
                out.state = mr::decodePowerResult(*answer.body).state;
                out.ok = true;
                out.rack = &rack;
                return out;
            } catch (const mr::MessageError& e) {
                link_error = "rack " + rack.hostname + " answered badly: " + e.what();
                continue;
            }
        }
        // A BMC error names the BMC's problem; keep the first, it came from the owner.
        if (answer.code == mr::code::kPowerFailed) {
            out.bmc_failed.push_back(&rack);
            if (bmc_error.empty()) {
                bmc_error = answer.text;
            }
        } else if (link_error.empty()) {
            link_error = "rack " + rack.hostname + ": " + answer.code + ": " + answer.text;
        }
    }
    out.error = !bmc_error.empty() ? bmc_error : link_error;
    return out;
}

}  // namespace maas::region::power
