#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "maas/region/rpc/rack_directory.h"

namespace maas::region::rpc {

/// Warnings for a rack whose software version differs from the region's in the minor number
/// (a different major is still accepted here; the protocol number decides compatibility).
std::vector<std::string> versionWarnings(const std::string& rack_version,
                                         const std::string& region_version);

/// A new MAAS-style system_id: six lowercase letters and digits.
std::string generateRackSystemId();

/// Refuses a rack bound to another MAAS; the message names both UUIDs.
void checkSameMaas(const std::string& rack_uuid, const std::string& region_uuid);

/// A RackDirectory held in memory: for unit tests, the phase-1 test region and the benchmark.
/// A registration carrying an unknown system_id keeps that id, so several independent test
/// regions agree on a rack's identity the way regions sharing one database do.
class MemoryRackDirectory final : public RackDirectory {
  public:
    using Clock = std::chrono::steady_clock;

    struct Rack {
        std::string system_id;
        std::string hostname;
        std::string version;
        std::vector<std::string> macs;
        std::vector<maas::rpc::InterfaceInfo> interfaces;
        size_t interface_updates = 0;
        std::vector<std::string> warnings;
        /// "<worker endpoint>#<connection id>" -> worker endpoint (ids are per listener)
        std::map<std::string, std::string> connections;
        Clock::time_point last_heartbeat{};
    };

    MemoryRackDirectory(std::string maas_uuid, std::string region_version,
                        std::function<Clock::time_point()> now = Clock::now);

    maas::rpc::RegisterResult registerRack(const maas::rpc::RegisterArgs& args,
                                           const PeerInfo& peer) override;
    void heartbeat(const std::string& system_id, const PeerInfo& peer) override;
    void updateInterfaces(const maas::rpc::UpdateInterfacesArgs& args,
                          const PeerInfo& peer) override;
    void disconnected(const std::string& system_id, const PeerInfo& peer) override;

    /// Forgets a rack (the delete path); returns false when unknown.
    bool remove(const std::string& system_id);
    std::vector<Rack> racks() const;
    size_t registrations() const;

  private:
    std::string maas_uuid_;
    std::string region_version_;
    std::function<Clock::time_point()> now_;
    mutable std::mutex mutex_;
    std::map<std::string, Rack> racks_;
    size_t registrations_ = 0;
};

}  // namespace maas::region::rpc
