#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "maas/common/run_as.h"
#include "maas/common/unique_fd.h"
#include "maas/supervisor/service_plan.h"

namespace maas::supervisor {

/// The I/O boundary between the supervisor's logic and real processes.
class ProcessControl {
  public:
    struct Child {
        pid_t pid = -1;
        UniqueFd ready_fd;  ///< read end of the readiness pipe (Readiness::Fd only)
    };

    virtual ~ProcessControl() = default;
    /// Starts argv for spec; throws SpawnError when no process could be created.
    virtual Child spawn(const ServiceSpec& spec, const std::vector<std::string>& argv) = 0;
    virtual void sendSignal(pid_t pid, int signal) = 0;
    /// Readiness::DatabaseProbe: true when the service accepts connections.
    virtual bool probe(const ServiceSpec& spec) = 0;
};

}  // namespace maas::supervisor
