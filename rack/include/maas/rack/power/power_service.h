#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "maas/common/clock.h"
#include "maas/common/log.h"
#include "maas/rack/link_channel.h"
#include "maas/rack/power/driver.h"
#include "maas/rack/power/per_bmc_queue.h"
#include "maas/rack/power/poll_schedule.h"

namespace maas::rack::power {

inline constexpr MessageId kPowerFailed{"RACK_POWER_FAILED", Severity::Warn,
                                        "A power command or poll failed at the BMC."};
inline constexpr MessageId kPowerAssigned{"RACK_POWER_ASSIGNED", Severity::Info,
                                          "The region changed the set of BMCs this rack polls."};

struct PowerServiceOptions {
    size_t workers = 16;        ///< concurrent BMC calls
    size_t max_queued = 20000;  ///< commands beyond this are refused, never queued unbounded
    std::chrono::milliseconds report_every{200};  ///< batching of state-change reports
    /// A command's whole budget from its arrival (power_timeout): waiting for the queue and
    /// for the BMC's previous call, then the driver's own call with what is left.
    std::chrono::milliseconds call_timeout{20000};
};

/// The rack's power side: answers PowerOn/PowerOff/PowerQuery with the drivers on a worker pool
/// (commands ahead of polls; one call per BMC at a time, the next waiting with the rest of its
/// budget), keeps the region's assignment and polls those BMCs on schedule, and reports state
/// changes through `report` (false when no region link is up: retried).
class PowerService final : public RegionRequestHandler {
  public:
    using Report = std::function<bool(const maas::rpc::PowerStateReport&)>;
    using RackId = std::function<std::string()>;

    PowerService(PowerServiceOptions options, const DriverSet& drivers, Report report,
                 RackId rack_id, PollSchedule::Random random, const Logger& logger,
                 maas::Clock& clock = maas::steadyClock());
    ~PowerService() override;
    PowerService(const PowerService&) = delete;
    PowerService& operator=(const PowerService&) = delete;

    void start();
    void stop();

    bool handles(const std::string& command) const override;
    void handle(const maas::rpc::RpcMessage& request, Reply reply) override;

    size_t assigned();

  private:
    using TimePoint = maas::Clock::TimePoint;
    /// One BMC call: run with the budget left before its deadline, or expire unrun.
    struct Call {
        std::string bmc;  ///< bmcKey; "" runs without serialising
        TimePoint deadline = TimePoint::max();
        std::function<void(std::chrono::milliseconds budget)> run;
        std::function<void()> expire;
    };
    void workerLoop();
    void pollLoop();
    void enqueue(Call call, bool priority);
    /// Runs the call, then every call parked behind it for its BMC.
    void runSerialised(Call call);
    void pollOne(const maas::rpc::PowerArgs& bmc, std::chrono::milliseconds budget);

    PowerServiceOptions options_;
    const DriverSet& drivers_;
    Report report_;
    RackId rack_id_;
    const Logger& logger_;
    maas::Clock& clock_;

    std::mutex mutex_;
    std::condition_variable work_ready_;
    std::condition_variable poll_wake_;
    bool stopping_ = false;
    bool assignments_changed_ = false;  ///< wakes the poll loop early
    std::deque<Call> commands_;
    std::deque<Call> polls_;
    PerBmcQueue<Call> per_bmc_;
    PollSchedule schedule_;
    std::vector<maas::rpc::PowerStateChange> unreported_;
    std::vector<std::thread> threads_;
};

}  // namespace maas::rack::power
