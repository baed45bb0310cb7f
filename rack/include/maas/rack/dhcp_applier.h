#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "maas/rpc/dhcp_commands.h"

namespace maas::rack {

/// kea-dhcp4 as rackd drives it: validation and the supervisor's start/restart/stop.
class KeaControl {
  public:
    virtual ~KeaControl() = default;
    /// `kea-dhcp4 -t CONFIG`: nullopt when valid, else the problem.
    virtual std::optional<std::string> validate(const std::filesystem::path& config) = 0;
    /// Each returns nullopt when done, else the problem.
    virtual std::optional<std::string> start(const std::filesystem::path& config) = 0;
    virtual std::optional<std::string> restart() = 0;
    virtual std::optional<std::string> stop() = 0;
    /// The supervisor's state of kea-dhcp4 (down, starting, ready, stopping, restarting,
    /// backoff, failed), or nullopt when it cannot be read.
    virtual std::optional<std::string> processState() = 0;
};

/// What the rack tells the region about dhcpd (a `services` row).
struct DhcpServiceState {
    std::string status;  ///< running, degraded, off
    std::string info;
    bool operator==(const DhcpServiceState&) const = default;
};

/// Applies configurations from the region. The config file only ever holds a configuration
/// kea-dhcp4 accepted (the last good one): a candidate is written beside it, validated, and
/// renamed over it only when valid, so a bad configuration never replaces a good one.
class DhcpApplier {
  public:
    DhcpApplier(std::filesystem::path dhcp_dir, KeaControl& kea);

    /// On rackd start (maybe with every region down): serve the last good configuration.
    DhcpServiceState startLastGood();
    DhcpServiceState apply(const maas::rpc::DhcpConfigResult& result);
    /// When a good configuration is on disk but kea-dhcp4 could not be started (e.g. the
    /// supervisor's socket was not up yet), tries again; otherwise returns the state unchanged.
    DhcpServiceState retryStart();
    /// The state to report now: the last apply's, unless kea-dhcp4 is not actually running
    /// (crashed and waiting for a restart: degraded; given up on or gone: dead).
    DhcpServiceState observed();

    std::filesystem::path configPath() const { return dir_ / "kea-dhcp4.conf"; }

  private:
    DhcpServiceState launch(const std::string& note);

    std::filesystem::path dir_;
    KeaControl& kea_;
    bool started_ = false;  ///< we asked the supervisor to run kea with configPath()
    DhcpServiceState state_{"off", "no DHCP configuration yet"};
};

}  // namespace maas::rack
