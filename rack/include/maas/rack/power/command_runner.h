#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace maas::rack::power {

struct CommandResult {
    int exit_code = -1;  ///< -1 when killed (timeout) or not started
    bool timed_out = false;
    std::string output;  ///< stdout and stderr interleaved, capped
};

/// Runs an external program (ipmitool); the seam that lets driver logic be tested without it.
class CommandRunner {
  public:
    virtual ~CommandRunner() = default;
    /// Extra environment entries are added to the rack's own; never throws for program errors.
    virtual CommandResult run(const std::vector<std::string>& argv,
                              const std::map<std::string, std::string>& environment,
                              std::chrono::milliseconds timeout) = 0;
};

/// posix_spawn + a pipe; kills the child at the deadline.
class ProcessRunner final : public CommandRunner {
  public:
    CommandResult run(const std::vector<std::string>& argv,
                      const std::map<std::string, std::string>& environment,
                      std::chrono::milliseconds timeout) override;
};

}  // namespace maas::rack::power
