// Supervisor: what operators and the daemon ask of it (start, stop, restart, shutdown in
// tier order) and what it reports (status, readiness descriptors to watch).
#include <algorithm>

#include "maas/supervisor/messages.h"
#include "maas/supervisor/supervisor.h"

namespace maas::supervisor {

CommandOutcome Supervisor::start(const std::string& name, const std::string& config_path) {
    if (shutting_down_) {
        return {false, "the supervisor is shutting down"};
    }
    Service* s = find(name);
    if (s == nullptr) {
        return {false, name + ": no such service in this mode"};
    }
    if (!config_path.empty()) {
        if (s->spec.config_flag.empty()) {
            return {false, name + ": takes no configuration path"};
        }
        if (config_path.front() != '/') {
            return {false, name + ": configuration path must be absolute"};
        }
    } else if (!s->spec.config_flag.empty() && s->config_path.empty()) {
        return {false, name + ": needs a configuration path"};
    }
    s->held_down = false;
    const bool new_config = !config_path.empty() && config_path != s->config_path;
    if (!config_path.empty()) {
        s->config_path = config_path;
    }
    if (new_config && hasProcess(s->state)) {
        dispatch(*s, ServiceEvent::Restart);
    } else {
        dispatch(*s, ServiceEvent::Start);
    }
    reconcile(false);
    return {true, name + ": " + std::string(stateName(s->state))};
}

CommandOutcome Supervisor::stop(const std::string& name) {
    Service* s = find(name);
    if (s == nullptr) {
        return {false, name + ": no such service in this mode"};
    }
    s->held_down = true;
    dispatch(*s, ServiceEvent::Stop);
    reconcile(false);
    return {true, name + ": " + std::string(stateName(s->state))};
}

CommandOutcome Supervisor::restart(const std::string& name) {
    if (shutting_down_) {
        return {false, "the supervisor is shutting down"};
    }
    Service* s = find(name);
    if (s == nullptr) {
        return {false, name + ": no such service in this mode"};
    }
    if (!s->spec.config_flag.empty() && s->config_path.empty()) {
        return {false, name + ": needs a configuration path; use start"};
    }
    s->held_down = false;
    dispatch(*s, ServiceEvent::Restart);
    reconcile(false);
    return {true, name + ": " + std::string(stateName(s->state))};
}

void Supervisor::shutdown() {
    if (shutting_down_) {
        return;
    }
    shutting_down_ = true;
    log_.log(msg::kShutdown, "stopping children");
    ++generation_;
    advanceShutdown();
}

void Supervisor::advanceShutdown() {
    for (Tier tier : {Tier::Rack, Tier::Region, Tier::Database}) {
        bool waiting = false;
        for (auto& [name, s] : services_) {
            if (s.spec.tier != tier) {
                continue;
            }
            if (s.state != ServiceState::Down && s.state != ServiceState::Failed &&
                s.state != ServiceState::Stopping) {
                dispatch(s, ServiceEvent::Stop);
            }
            waiting = waiting || hasProcess(s.state);
        }
        if (waiting) {
            return;  // the next tier waits until this one is gone
        }
    }
}

bool Supervisor::stopped() const {
    if (!shutting_down_) {
        return false;
    }
    return std::none_of(services_.begin(), services_.end(),
                        [](const auto& entry) { return hasProcess(entry.second.state); });
}

std::vector<ServiceStatus> Supervisor::status() const {
    std::vector<ServiceStatus> out;
    // Plan order first (start order), then anything still winding down.
    for (const auto& spec : plan_) {
        auto it = services_.find(spec.name);
        if (it == services_.end()) {
            continue;
        }
        out.push_back(statusOf(spec.name, it->second));
    }
    for (const auto& [name, s] : services_) {
        const bool listed = std::any_of(out.begin(), out.end(),
                                        [&](const ServiceStatus& o) { return o.name == name; });
        if (!listed) {
            out.push_back(statusOf(name, s));
        }
    }
    return out;
}

ServiceStatus Supervisor::statusOf(const std::string& name, const Service& s) const {
    ServiceStatus out{name,        s.state,     s.pid,
                      s.restarts,  s.last_exit, s.state == ServiceState::Ready,
                      std::nullopt};
    if (s.retry_at) {
        out.retry_in =
            std::max(Millis(0), std::chrono::duration_cast<Millis>(*s.retry_at - now_()));
    }
    return out;
}

std::vector<std::pair<int, std::string>> Supervisor::readinessFds() const {
    std::vector<std::pair<int, std::string>> fds;
    for (const auto& [name, s] : services_) {
        if (s.ready_fd) {
            fds.emplace_back(s.ready_fd.get(), name);
        }
    }
    return fds;
}

}  // namespace maas::supervisor
