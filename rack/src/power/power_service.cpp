#include "maas/rack/power/power_service.h"

#include <algorithm>

#include "maas/rpc/commands.h"
#include "maas/rpc/power_commands.h"

namespace maas::rack::power {

namespace mr = maas::rpc;

PowerService::PowerService(PowerServiceOptions options, const DriverSet& drivers, Report report,
                           RackId rack_id, PollSchedule::Random random, const Logger& logger,
                           maas::Clock& clock)
    : options_(options),
      drivers_(drivers),
      report_(std::move(report)),
      rack_id_(std::move(rack_id)),
      logger_(logger),
      clock_(clock),
      schedule_(std::move(random)) {}

PowerService::~PowerService() {
    stop();
}

void PowerService::start() {
    for (size_t i = 0; i < options_.workers; ++i) {
        threads_.emplace_back([this] { workerLoop(); });
    }
    threads_.emplace_back([this] { pollLoop(); });
}

void PowerService::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    work_ready_.notify_all();
    poll_wake_.notify_all();
    for (auto& t : threads_) {
        t.join();
    }
    threads_.clear();
}

size_t PowerService::assigned() {
    std::lock_guard lock(mutex_);
    return schedule_.size();
}

bool PowerService::handles(const std::string& command) const {
    return command == mr::command::kPowerOn || command == mr::command::kPowerOff ||
           command == mr::command::kPowerQuery || command == mr::command::kSetPowerAssignments;
}

void PowerService::handle(const mr::RpcMessage& request, Reply reply) {
    const uint64_t id = request.id;
    try {
        if (request.command == mr::command::kSetPowerAssignments) {
            auto assignments = mr::decodePowerAssignments(*request.body);
            size_t count = assignments.bmcs.size();
            {
                std::lock_guard lock(mutex_);
                const bool changed = count != schedule_.size();
                schedule_.assign(assignments, clock_.now());
                assignments_changed_ = true;
                if (changed) {
                    logger_.log(kPowerAssigned, "polling " + std::to_string(count) + " BMCs");
                }
            }
            poll_wake_.notify_all();
            reply(mr::RpcMessage::reply(id, nullptr));
            return;
        }
        const auto args = mr::decodePowerArgs(*request.body, request.command);
        const auto action = request.command == mr::command::kPowerOn    ? PowerAction::On
                            : request.command == mr::command::kPowerOff ? PowerAction::Off
                                                                        : PowerAction::Query;
        Call call;
        call.bmc = bmcKey(args.power_type, args.parameters);
        call.deadline = clock_.now() + options_.call_timeout;
        call.run = [this, args, action, id, reply](std::chrono::milliseconds budget) {
            try {
                const auto state =
                    drivers_.get(args.power_type).perform(action, args.parameters, budget);
                reply(mr::RpcMessage::reply(id, mr::toJson(mr::PowerResult{state})));
            } catch (const PowerError& e) {
                logger_.log(kPowerFailed, std::string("power ") + name(action) + " of " +
                                              args.system_id + " failed: " + e.what());
                reply(mr::RpcMessage::error(id, mr::code::kPowerFailed, e.what()));
            }
        };
        call.expire = [this, id, reply, bmc = call.bmc] {
            reply(mr::RpcMessage::error(
                id, mr::code::kPowerFailed,
                "BMC " + bmc + " stayed busy with other calls on this rack for the whole " +
                    std::to_string(options_.call_timeout.count()) + " ms power_timeout"));
        };
        enqueue(std::move(call), true);
    } catch (const mr::MessageError& e) {
        reply(mr::RpcMessage::error(id, mr::code::kBadRequest, e.what()));
    } catch (const PowerError& e) {  // queue full
        reply(mr::RpcMessage::error(id, mr::code::kPowerFailed, e.what()));
    }
}

void PowerService::enqueue(Call call, bool priority) {
    {
        std::lock_guard lock(mutex_);
        if (commands_.size() + polls_.size() + per_bmc_.parked() >= options_.max_queued) {
            throw PowerError("this rack has too many BMC calls queued; try again");
        }
        (priority ? commands_ : polls_).push_back(std::move(call));
    }
    work_ready_.notify_one();
}

void PowerService::workerLoop() {
    while (true) {
        Call call;
        {
            std::unique_lock lock(mutex_);
            work_ready_.wait(lock,
                             [this] { return stopping_ || !commands_.empty() || !polls_.empty(); });
            if (stopping_) {
                return;
            }
            auto& queue = commands_.empty() ? polls_ : commands_;
            call = std::move(queue.front());
            queue.pop_front();
            if (!call.bmc.empty() && !per_bmc_.admit(call.bmc, call)) {
                continue;  // parked: runs when the BMC's current call ends
            }
        }
        runSerialised(std::move(call));
    }
}

void PowerService::runSerialised(Call call) {
    while (true) {
        const auto now = clock_.now();
        if (call.deadline <= now) {
            call.expire();
        } else {
            call.run(call.deadline == TimePoint::max()
                         ? kWholeTimeout
                         : std::chrono::ceil<std::chrono::milliseconds>(call.deadline - now));
        }
        if (call.bmc.empty()) {
            return;
        }
        std::lock_guard lock(mutex_);
        auto next = per_bmc_.finish(call.bmc);
        if (!next || stopping_) {  // stopping: parked calls go unanswered, like queued ones
            return;
        }
        call = std::move(*next);
    }
}

void PowerService::pollOne(const mr::PowerArgs& bmc, std::chrono::milliseconds budget) {
    std::string state;
    std::string error;
    try {
        state = drivers_.get(bmc.power_type).perform(PowerAction::Query, bmc.parameters, budget);
    } catch (const PowerError& e) {
        state = "error";
        error = e.what();
    }
    std::lock_guard lock(mutex_);
    if (auto change = schedule_.complete(bmc.system_id, state, error, clock_.now())) {
        unreported_.push_back(std::move(*change));
    }
}

void PowerService::pollLoop() {
    auto next_report = clock_.now();
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        const auto now = clock_.now();
        for (auto& bmc : schedule_.takeDue(now)) {
            // Polls queue behind commands; a full queue just retries on the next pass.
            Call call;  // a poll has no caller waiting: no deadline, the driver's whole timeout
            call.bmc = bmcKey(bmc.power_type, bmc.parameters);
            call.run = [this, bmc](std::chrono::milliseconds budget) { pollOne(bmc, budget); };
            polls_.push_back(std::move(call));
        }
        work_ready_.notify_all();
        if (!unreported_.empty() && now >= next_report) {
            const size_t n = std::min(unreported_.size(), mr::kMaxPowerEntries);
            mr::PowerStateReport report{rack_id_(), {unreported_.begin(), unreported_.begin() + n}};
            unreported_.erase(unreported_.begin(), unreported_.begin() + n);
            lock.unlock();
            const bool sent = !report.rack_system_id.empty() && report_(report);
            lock.lock();
            if (!sent) {  // keep them (newest wins when merged by the region)
                unreported_.insert(unreported_.begin(), report.changes.begin(),
                                   report.changes.end());
                if (unreported_.size() > 2 * mr::kMaxPowerEntries) {  // bounded while cut off
                    unreported_.erase(unreported_.begin(),
                                      unreported_.end() - mr::kMaxPowerEntries);
                }
            }
            next_report = clock_.now() + options_.report_every;
        }
        auto wake = clock_.now() + options_.report_every;
        if (auto due = schedule_.nextDue(); due && *due < wake) {
            wake = *due;
        }
        clock_.waitUntil(lock, poll_wake_, wake,
                         [this] { return stopping_ || assignments_changed_; });
        assignments_changed_ = false;
    }
}

}  // namespace maas::rack::power
