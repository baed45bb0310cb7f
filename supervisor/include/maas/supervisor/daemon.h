#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "maas/common/environment.h"
#include "maas/common/log.h"
#include "maas/common/paths.h"
#include "maas/common/unique_fd.h"
#include "maas/supervisor/posix_process_control.h"
#include "maas/supervisor/supervisor.h"
#include "maas/supervisor/supervisor_config.h"

namespace maas::supervisor {

/// The I/O around Supervisor: signals (signalfd), child reaping, readiness pipes, the control
/// socket and the status file, in one poll() loop.
class Daemon {
  public:
    Daemon(Paths paths, const Environment& env, std::filesystem::path self_dir, Logger& log);
    ~Daemon();

    /// Runs until SIGTERM/SIGINT has stopped every child. Returns the exit code.
    int run();

  private:
    struct Client {
        UniqueFd fd;
        std::string buffer;
        Clock::time_point deadline;
    };

    void setUpSignals();
    void setUpSocket();
    void onSignal();
    void reapChildren();
    void reload();
    void acceptClients();
    void serviceClient(Client& client, bool& done);
    std::string handle(const std::string& line);
    void readReady(int fd, const std::string& name);
    void writeStatusFile();

    Paths paths_;
    const Environment& env_;
    std::filesystem::path self_dir_;
    Logger& log_;
    SupervisorConfig config_;
    PosixProcessControl processes_;
    std::unique_ptr<Supervisor> supervisor_;
    UniqueFd signal_fd_;
    UniqueFd listen_fd_;
    bool socket_bound_ = false;
    std::map<int, Client> clients_;
    uint64_t written_generation_ = ~uint64_t{0};
};

}  // namespace maas::supervisor
