#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "maas/common/log.h"
#include "maas/common/periodic_thread.h"
#include "maas/region/db/pool.h"
#include "maas/region/power/power_command.h"
#include "maas/rpc/message.h"

namespace maas::region::power {

inline constexpr MessageId kPowerAssignFailed{
    "REGION_POWER_ASSIGN_FAILED", Severity::Warn,
    "Computing or pushing BMC poll assignments to racks failed; retried next round."};
inline constexpr MessageId kPowerReportFailed{"REGION_POWER_REPORT_FAILED", Severity::Warn,
                                              "A rack's power state report could not be stored."};

/// Keeps every live rack polling exactly the BMCs it owns: each round, on whichever worker wins
/// a try-lock, computes the owners and sends SetPowerAssignments to racks whose set changed
/// (and to every rack at least every refresh, so a restarted rack is never left idle).
class PowerAssigner {
  public:
    struct Options {
        std::chrono::milliseconds round{1000};
        std::chrono::milliseconds refresh{15000};
        std::chrono::milliseconds poll_interval{30000};  ///< per BMC, jittered by the rack
        std::chrono::milliseconds call_timeout{5000};
    };
    /// `leading` says whether this worker holds the cluster singleton (worker/singleton_leader):
    /// only the leader assigns, so one worker of one region pushes the plan.
    PowerAssigner(db::Pool& pool, RackCaller caller, const Logger& log, Options options,
                  std::function<bool()> leading);
    ~PowerAssigner();
    void start();
    void stop();
    /// One round (tests and the loop).
    void runOnce();

  private:
    db::Pool& pool_;
    RackCaller caller_;
    const Logger& log_;
    Options options_;
    std::function<bool()> leading_;
    std::map<std::string, std::pair<size_t, std::chrono::steady_clock::time_point>> pushed_;
    PeriodicThread thread_;
};

/// Stores a rack's PowerStateReport (new states, learned routes); the answer to send back.
maas::rpc::RpcMessage handlePowerReport(db::Pool& pool, const maas::rpc::RpcMessage& request,
                                        const std::string& rack_system_id, const Logger& log);

}  // namespace maas::region::power
