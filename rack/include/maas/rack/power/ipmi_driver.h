#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "maas/rack/power/command_runner.h"
#include "maas/rack/power/driver.h"

namespace maas::rack::power {

/// The ipmitool invocation for one action (pure): lanplus unless power_driver is LAN, cipher
/// suite 3 unless given (other suites make each call wait ~10 s), the password passed in the
/// environment (-E, IPMI_PASSWORD) so it never shows in a process list. Throws PowerError on a
/// missing or malformed address or port.
struct IpmiInvocation {
    std::vector<std::string> argv;
    std::map<std::string, std::string> environment;
};
IpmiInvocation ipmiInvocation(PowerAction action, const Parameters& parameters,
                              const std::string& program = "ipmitool");

/// The state in ipmitool's "Chassis Power is on|off" output, or "" when absent.
std::string parseIpmiPowerState(const std::string& output);

/// `ipmi`: ipmitool chassis power on|off|status.
class IpmiDriver final : public PowerDriver {
  public:
    IpmiDriver(CommandRunner& runner, std::chrono::milliseconds timeout,
               std::string program = "ipmitool");
    using PowerDriver::perform;
    std::string perform(PowerAction action, const Parameters& parameters,
                        std::chrono::milliseconds budget) override;

  private:
    CommandRunner& runner_;
    std::chrono::milliseconds timeout_;
    std::string program_;
};

}  // namespace maas::rack::power
