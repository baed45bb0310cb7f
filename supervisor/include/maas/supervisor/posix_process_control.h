#pragma once

#include <map>
#include <string>

#include "maas/supervisor/process_control.h"

namespace maas::supervisor {

/// Fork/exec children with a curated environment, an optional readiness pipe on fd 3, and an
/// optional unprivileged user; probes PostgreSQL with libpq.
class PosixProcessControl final : public ProcessControl {
  public:
    /// base_env: the variables children inherit (see childEnvironment()).
    explicit PosixProcessControl(std::map<std::string, std::string> base_env)
        : base_env_(std::move(base_env)) {}

    Child spawn(const ServiceSpec& spec, const std::vector<std::string>& argv) override;
    void sendSignal(pid_t pid, int signal) override;
    bool probe(const ServiceSpec& spec) override;

  private:
    std::map<std::string, std::string> base_env_;
};

/// The fd number a child finds its readiness pipe on (also in MAAS_READY_FD).
inline constexpr int kReadyFd = 3;

/// Selects what children inherit from environ: PATH, locale, TZ, MAAS_* and SNAP*.
std::map<std::string, std::string> childEnvironment(char** environ_entries);

}  // namespace maas::supervisor
