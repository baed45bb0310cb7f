#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "maas/common/log.h"
#include "maas/supervisor/lifecycle.h"
#include "maas/supervisor/process_control.h"
#include "maas/supervisor/restart_policy.h"
#include "maas/supervisor/service_plan.h"

namespace maas::supervisor {

struct ServiceStatus {
    std::string name;
    ServiceState state = ServiceState::Down;
    pid_t pid = -1;
    int restarts = 0;
    std::string last_exit;  ///< "exit 1", "signal 9", or "" before the first exit
    bool ready = false;
    std::optional<Millis> retry_in;  ///< failed: when the cool-down ends and it is tried again
};

struct CommandOutcome {
    bool ok = false;
    std::string text;
};

/// The supervisor's logic: services, their lifecycle table, timers, convergence and ordered
/// shutdown. Processes and time come in through ProcessControl and the injected clock, so all
/// of it runs under unit tests without forking.
class Supervisor {
  public:
    using Now = std::function<Clock::time_point()>;

    Supervisor(ProcessControl& processes, const Logger& log, Now now, RestartSettings restart,
               Millis stop_grace);

    /// Replaces the plan and converges. retry_failed also restarts failed or operator-stopped
    /// services (SIGHUP).
    void setPlan(std::vector<ServiceSpec> plan, bool retry_failed);
    void setRestartSettings(RestartSettings restart, Millis stop_grace);

    void childExited(pid_t pid, int wait_status);
    void readySignalled(const std::string& name);
    void readyFdClosed(const std::string& name);
    /// Fires due timers and readiness probes.
    void tick();
    std::optional<Clock::time_point> nextDeadline() const;

    CommandOutcome start(const std::string& name, const std::string& config_path = "");
    CommandOutcome stop(const std::string& name);
    CommandOutcome restart(const std::string& name);

    /// Stops everything in tier order; stopped() turns true when no child is left.
    void shutdown();
    bool shuttingDown() const { return shutting_down_; }
    bool stopped() const;

    std::vector<ServiceStatus> status() const;
    /// Readiness pipes to watch: (fd, service).
    std::vector<std::pair<int, std::string>> readinessFds() const;
    /// Increases on every observable change (status file writes).
    uint64_t generation() const { return generation_; }

  private:
    struct Service {
        explicit Service(ServiceSpec s, const RestartSettings& r)
            : spec(std::move(s)), backoff(r), crashes(r) {}
        ServiceSpec spec;
        ServiceState state = ServiceState::Down;
        pid_t pid = -1;
        UniqueFd ready_fd;
        int restarts = 0;
        bool ever_spawned = false;
        bool held_down = false;  ///< stopped by an operator; convergence leaves it down
        std::string last_exit;
        std::string config_path;
        std::string running_fingerprint;
        Clock::time_point started_at{};
        std::optional<Clock::time_point> backoff_until;
        std::optional<Clock::time_point> grace_until;
        std::optional<Clock::time_point> next_probe;
        std::optional<Clock::time_point> retry_at;  ///< failed: end of the cool-down
        Backoff backoff;
        CrashLoopWindow crashes;
    };

    void dispatch(Service& s, ServiceEvent event);
    void spawnService(Service& s);
    void reconcile(bool retry_failed);
    void advanceShutdown();
    ServiceStatus statusOf(const std::string& name, const Service& s) const;
    void retryAfterCooldown(Service& s, Clock::time_point now);
    Service* find(const std::string& name);
    Service* findByPid(pid_t pid);

    ProcessControl& processes_;
    const Logger& log_;
    Now now_;
    RestartSettings restart_;
    Millis stop_grace_;
    std::vector<ServiceSpec> plan_;
    std::map<std::string, Service> services_;
    bool shutting_down_ = false;
    uint64_t generation_ = 0;
};

}  // namespace maas::supervisor
