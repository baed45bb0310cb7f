#pragma once

#include <chrono>
#include <filesystem>

#include "maas/rack/dhcp_applier.h"

namespace maas::rack {

/// KeaControl for real: `kea-dhcp4 -t` as a child process, start/restart/stop through the
/// supervisor's control socket.
class SupervisedKea final : public KeaControl {
  public:
    SupervisedKea(std::filesystem::path kea_dhcp4, std::filesystem::path supervisor_socket,
                  std::filesystem::path supervisor_status,
                  std::chrono::seconds validate_timeout = std::chrono::seconds(30))
        : kea_dhcp4_(std::move(kea_dhcp4)),
          supervisor_socket_(std::move(supervisor_socket)),
          supervisor_status_(std::move(supervisor_status)),
          validate_timeout_(validate_timeout) {}

    std::optional<std::string> validate(const std::filesystem::path& config) override;
    std::optional<std::string> start(const std::filesystem::path& config) override;
    std::optional<std::string> restart() override;
    std::optional<std::string> stop() override;
    /// From the supervisor's status file (no socket round trip).
    std::optional<std::string> processState() override;

  private:
    std::optional<std::string> supervisor(const std::string& request);

    std::filesystem::path kea_dhcp4_;
    std::filesystem::path supervisor_socket_;
    std::filesystem::path supervisor_status_;
    std::chrono::seconds validate_timeout_;
};

}  // namespace maas::rack
