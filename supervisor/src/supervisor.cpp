#include "maas/supervisor/supervisor.h"

#include <sys/wait.h>

#include <algorithm>
#include <csignal>

#include "maas/common/run_as.h"
#include "maas/supervisor/convergence.h"
#include "maas/supervisor/messages.h"

namespace maas::supervisor {

namespace {

constexpr Millis kProbeInterval{100};

}  // namespace

Supervisor::Supervisor(ProcessControl& processes, const Logger& log, Now now,
                       RestartSettings restart, Millis stop_grace)
    : processes_(processes),
      log_(log),
      now_(std::move(now)),
      restart_(restart),
      stop_grace_(stop_grace) {}

void Supervisor::setRestartSettings(RestartSettings restart, Millis stop_grace) {
    restart_ = restart;
    stop_grace_ = stop_grace;
    for (auto& [name, s] : services_) {
        s.backoff = Backoff(restart);
        s.crashes = CrashLoopWindow(restart);
    }
}

Supervisor::Service* Supervisor::find(const std::string& name) {
    auto it = services_.find(name);
    return it == services_.end() ? nullptr : &it->second;
}

Supervisor::Service* Supervisor::findByPid(pid_t pid) {
    for (auto& [name, s] : services_) {
        if (s.pid == pid) {
            return &s;
        }
    }
    return nullptr;
}

void Supervisor::setPlan(std::vector<ServiceSpec> plan, bool retry_failed) {
    plan_ = std::move(plan);
    for (const auto& spec : plan_) {
        auto it = services_.find(spec.name);
        if (it == services_.end()) {
            services_.emplace(spec.name, Service(spec, restart_));
        } else {
            it->second.spec = spec;  // the next spawn uses it; convergence restarts if stale
            if (retry_failed) {
                it->second.held_down = false;
            }
        }
    }
    ++generation_;
    reconcile(retry_failed);
}

void Supervisor::dispatch(Service& s, ServiceEvent event) {
    const ServiceState before = s.state;
    const Transition t = transition(s.state, event);
    s.state = t.next;
    if (before == ServiceState::Backoff) {
        s.backoff_until.reset();
    }
    if (s.state != ServiceState::Failed) {
        s.retry_at.reset();
    }
    const Clock::time_point now = now_();
    switch (t.action) {
        case ServiceAction::None:
            break;
        case ServiceAction::Spawn:
            if (before == ServiceState::Failed || before == ServiceState::Down) {
                // A fresh start by decision, not a crash restart: forget past deaths.
                s.crashes.reset();
                s.backoff.reset();
            }
            spawnService(s);
            break;
        case ServiceAction::Terminate:
            log_.log(msg::kStopping, s.spec.name + ": sending stop signal",
                     {{"service", s.spec.name},
                      {"pid", std::to_string(s.pid)},
                      {"signal", std::to_string(s.spec.stop_signal)}});
            processes_.sendSignal(s.pid, s.spec.stop_signal);
            s.grace_until = now + stop_grace_;
            break;
        case ServiceAction::Kill:
            log_.log(msg::kKilled, s.spec.name + ": grace period over; killing",
                     {{"service", s.spec.name}, {"pid", std::to_string(s.pid)}});
            processes_.sendSignal(s.pid, SIGKILL);
            s.grace_until.reset();
            break;
        case ServiceAction::ArmBackoff: {
            const Millis delay = s.backoff.onDeath(now - s.started_at);
            s.backoff_until = now + delay;
            log_.log(msg::kBackoff, s.spec.name + ": restarting after delay",
                     {{"service", s.spec.name}, {"delay_ms", std::to_string(delay.count())}});
            break;
        }
        case ServiceAction::ReportFailed:
            if (restart_.failed_retry.count() > 0)
                s.retry_at = now + restart_.failed_retry;
            log_.log(msg::kFailed, s.spec.name + ": crash loop; marked failed",
                     {{"service", s.spec.name},
                      {"deaths", std::to_string(s.crashes.deathsInWindow())},
                      {"retry_in_s", std::to_string(restart_.failed_retry.count())}});
            break;
    }
    if (before != s.state) {
        ++generation_;
    }
}

void Supervisor::spawnService(Service& s) {
    std::vector<std::string> argv = s.spec.argv;
    if (!s.spec.config_flag.empty() && !s.config_path.empty()) {
        argv.push_back(s.spec.config_flag);
        argv.push_back(s.config_path);
    }
    if (s.ever_spawned) {
        ++s.restarts;
    }
    s.ever_spawned = true;
    s.started_at = now_();
    s.grace_until.reset();
    s.running_fingerprint = s.spec.fingerprint;
    try {
        auto child = processes_.spawn(s.spec, argv);
        s.pid = child.pid;
        s.ready_fd = std::move(child.ready_fd);
    } catch (const SpawnError& e) {
        log_.log(msg::kSpawnFailed, s.spec.name + ": " + e.what(), {{"service", s.spec.name}});
        s.last_exit = "spawn failed";
        // Counted as an immediate death so backoff and the crash loop apply.
        const bool loop = s.crashes.recordDeath(now_());
        dispatch(s, loop ? ServiceEvent::ExitedTooOften : ServiceEvent::Exited);
        return;
    }
    log_.log(msg::kSpawned, s.spec.name + ": started",
             {{"service", s.spec.name}, {"pid", std::to_string(s.pid)}});
    if (s.spec.readiness == Readiness::OnSpawn) {
        dispatch(s, ServiceEvent::ReadySignalled);
    } else if (s.spec.readiness == Readiness::DatabaseProbe) {
        s.next_probe = s.started_at + kProbeInterval;
    }
}

void Supervisor::childExited(pid_t pid, int wait_status) {
    Service* s = findByPid(pid);
    if (s == nullptr) {
        return;  // not ours (or already forgotten)
    }
    s->pid = -1;
    s->ready_fd.reset();
    s->grace_until.reset();
    s->next_probe.reset();
    s->last_exit = describeExit(wait_status);
    ++generation_;
    const bool unexpected = s->state == ServiceState::Starting || s->state == ServiceState::Ready;
    if (unexpected) {
        log_.log(msg::kExited, s->spec.name + ": exited",
                 {{"service", s->spec.name}, {"status", s->last_exit}});
        const bool loop = s->crashes.recordDeath(now_());
        // A configuration error fails the same way on every start: no restarts until the
        // cool-down, an operator's start or a SIGHUP (after the configuration was fixed).
        const bool config_error =
            WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == kExitConfigError;
        dispatch(*s, loop || config_error ? ServiceEvent::ExitedTooOften : ServiceEvent::Exited);
    } else {
        log_.log(msg::kStoppedChild, s->spec.name + ": stopped",
                 {{"service", s->spec.name}, {"status", s->last_exit}});
        dispatch(*s, ServiceEvent::Exited);
    }
    reconcile(false);
}

void Supervisor::readySignalled(const std::string& name) {
    Service* s = find(name);
    if (s == nullptr) {
        return;
    }
    if (s->state == ServiceState::Starting) {
        log_.log(msg::kReady, name + ": ready", {{"service", name}});
    }
    s->ready_fd.reset();  // one line is the whole contract
    s->next_probe.reset();
    dispatch(*s, ServiceEvent::ReadySignalled);
    reconcile(false);
}

void Supervisor::readyFdClosed(const std::string& name) {
    Service* s = find(name);
    if (s == nullptr) {
        return;
    }
    if (s->state == ServiceState::Starting) {
        log_.log(msg::kReadyFdClosed, name + ": readiness fd closed without a line",
                 {{"service", name}});
    }
    s->ready_fd.reset();
}

void Supervisor::tick() {
    const Clock::time_point now = now_();
    for (auto& [name, s] : services_) {
        if (s.backoff_until && now >= *s.backoff_until) {
            s.backoff_until.reset();
            dispatch(s, ServiceEvent::BackoffElapsed);
        }
        if (s.grace_until && now >= *s.grace_until) {
            s.grace_until.reset();
            dispatch(s, ServiceEvent::GraceElapsed);
        }
        if (s.retry_at && now >= *s.retry_at) {
            retryAfterCooldown(s, now);
        }
        if (s.next_probe && now >= *s.next_probe && s.state == ServiceState::Starting) {
            if (processes_.probe(s.spec)) {
                s.next_probe.reset();
                log_.log(msg::kReady, name + ": accepts connections", {{"service", name}});
                dispatch(s, ServiceEvent::ReadySignalled);
            } else {
                s.next_probe = now + kProbeInterval;
            }
        }
    }
    reconcile(false);
}

void Supervisor::retryAfterCooldown(Service& s, Clock::time_point) {
    s.retry_at.reset();
    const bool planned = std::any_of(plan_.begin(), plan_.end(),
                                     [&](const ServiceSpec& p) { return p.name == s.spec.name; });
    if (s.state != ServiceState::Failed || s.held_down || !planned || shutting_down_) {
        return;
    }
    log_.log(msg::kCooldownOver, s.spec.name + ": cool-down over; starting it again",
             {{"service", s.spec.name}});
    dispatch(s, ServiceEvent::Start);  // Failed -> Starting; its crash count starts afresh
}

std::optional<Clock::time_point> Supervisor::nextDeadline() const {
    std::optional<Clock::time_point> next;
    auto consider = [&](const std::optional<Clock::time_point>& t) {
        if (t && (!next || *t < *next)) {
            next = t;
        }
    };
    for (const auto& [name, s] : services_) {
        consider(s.backoff_until);
        consider(s.grace_until);
        consider(s.retry_at);
        if (s.state == ServiceState::Starting) {
            consider(s.next_probe);
        }
    }
    return next;
}

void Supervisor::reconcile(bool retry_failed) {
    if (shutting_down_) {
        advanceShutdown();
        return;
    }
    // Loop because starting one service can make another's dependency ready (OnSpawn).
    for (int round = 0; round < 8; ++round) {
        std::map<std::string, ServiceView> views;
        for (const auto& [name, s] : services_) {
            views[name] = {s.state, s.running_fingerprint};
        }
        std::vector<ServiceSpec> wanted;
        for (const auto& spec : plan_) {
            const Service* s = find(spec.name);
            if (s == nullptr || !s->held_down) {
                wanted.push_back(spec);
            }
        }
        const auto steps = convergeSteps(wanted, views, retry_failed);
        retry_failed = false;
        if (steps.empty()) {
            break;
        }
        for (const auto& step : steps) {
            dispatch(*find(step.service), step.event);
        }
    }
    // Forget services the plan no longer names once they are gone.
    for (auto it = services_.begin(); it != services_.end();) {
        const bool planned = std::any_of(plan_.begin(), plan_.end(),
                                         [&](const ServiceSpec& p) { return p.name == it->first; });
        const bool gone =
            it->second.state == ServiceState::Down || it->second.state == ServiceState::Failed;
        if (!planned && gone) {
            it = services_.erase(it);
            ++generation_;
        } else {
            ++it;
        }
    }
}

}  // namespace maas::supervisor
