#include "maas/region/power/power_assigner.h"

#include "maas/region/db/lock_keys.h"
#include "maas/region/power/bmc.h"
#include "maas/region/power/power_store.h"
#include "maas/rpc/commands.h"

namespace maas::region::power {

namespace mr = maas::rpc;
using Clock = std::chrono::steady_clock;

namespace {

/// Order-independent fingerprint of an assignment, to push only changes.
size_t fingerprint(const mr::PowerAssignments& a) {
    size_t h = a.interval_ms;
    for (const auto& b : a.bmcs) {
        h = h * 1000003u ^ std::hash<std::string>{}(b.system_id);
        for (const auto& [k, v] : b.parameters) {
            h = h * 31u ^ std::hash<std::string>{}(k + "=" + v);
        }
    }
    return h;
}

}  // namespace

PowerAssigner::PowerAssigner(db::Pool& pool, RackCaller caller, const Logger& log, Options options,
                             std::function<bool()> leading)
    : pool_(pool),
      caller_(std::move(caller)),
      log_(log),
      options_(options),
      leading_(std::move(leading)),
      thread_(
          options.round, [this] { runOnce(); },
          [this](const std::exception& e) { log_.log(kPowerAssignFailed, e.what()); }) {}

PowerAssigner::~PowerAssigner() {
    stop();
}

void PowerAssigner::start() {
    thread_.start();
}

void PowerAssigner::stop() {
    thread_.stop();
}

void PowerAssigner::runOnce() {
    if (leading_ && !leading_()) {
        pushed_.clear();  // the leader pushes; start afresh if this worker leads again
        return;
    }
    std::vector<RackCandidate> racks;
    std::vector<mr::PowerArgs> bmcs;
    // The transaction lock stays: during a leadership handover two rounds never overlap.
    const bool won = db::inTransaction(pool_, [&](db::Connection& conn) {
        if (!conn.exec("SELECT pg_try_advisory_xact_lock($1)",
                       {std::to_string(db::kPowerAssignLock)})
                 .boolean(0, 0)) {
            return false;
        }
        PowerStore store(conn);
        racks = store.liveRacks();
        bmcs = store.pollableMachines();
        return true;
    });
    if (!won) {
        pushed_.clear();  // another worker pushes; start afresh if we win again
        return;
    }
    std::map<std::string, mr::PowerAssignments> plan;
    for (const auto& r : racks) {
        plan[r.system_id].interval_ms = static_cast<uint32_t>(options_.poll_interval.count());
    }
    const auto owned = owners(racks, bmcs);
    for (const auto& b : bmcs) {
        if (auto it = owned.find(b.system_id); it != owned.end()) {
            auto& list = plan[it->second->system_id].bmcs;
            if (list.size() < mr::kMaxPowerEntries) {
                list.push_back(b);
            }
        }
    }
    const auto now = Clock::now();
    for (const auto& [rack, assignments] : plan) {
        const auto print = fingerprint(assignments);
        auto it = pushed_.find(rack);
        if (it != pushed_.end() && it->second.first == print &&
            now - it->second.second < options_.refresh) {
            continue;
        }
        const auto answer = caller_(rack, mr::command::kSetPowerAssignments,
                                    mr::toJson(assignments), options_.call_timeout);
        if (answer.kind == mr::MessageKind::Reply) {
            pushed_[rack] = {print, now};
        } else {
            pushed_.erase(rack);
            log_.log(kPowerAssignFailed, "rack " + rack + ": " + answer.code + ": " + answer.text);
        }
    }
    for (auto it = pushed_.begin(); it != pushed_.end();) {  // racks gone: forget them
        it = plan.contains(it->first) ? std::next(it) : pushed_.erase(it);
    }
}

mr::RpcMessage handlePowerReport(db::Pool& pool, const mr::RpcMessage& request,
                                 const std::string& rack_system_id, const Logger& log) {
    try {
        const auto report = mr::decodePowerStateReport(*request.body);
        db::inTransaction(pool, [&](db::Connection& conn) {
            PowerStore store(conn);
            if (report.seq > 0 && !store.claimReport(rack_system_id, report.queue, report.seq)) {
                return;  // sent again after its answer was lost: applied already
            }
            std::vector<std::string> machines;
            for (const auto& change : report.changes) {
                store.setPowerState(change.system_id, change.state);  // "error" too, as MAAS
                machines.push_back(change.system_id);
            }
            // A rack that polled a BMC can route to it; one that keeps failing no longer can.
            store.applyRoutes(rack_system_id,
                              observeRoutes(report.changes, store.bmcAddresses(machines)));
        });
        return mr::RpcMessage::reply(request.id, nullptr);
    } catch (const mr::MessageError& e) {
        return mr::RpcMessage::error(request.id, mr::code::kBadRequest, e.what());
    } catch (const std::exception& e) {
        log.log(kPowerReportFailed, "rack " + rack_system_id + ": " + e.what());
        return mr::RpcMessage::error(request.id, mr::code::kInternal, "could not store the report");
    }
}

}  // namespace maas::region::power
