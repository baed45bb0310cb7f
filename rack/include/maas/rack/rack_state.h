#pragma once

#include <filesystem>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "maas/common/paths.h"
#include "maas/rack/endpoint.h"

namespace maas::rack {

/// This rack's identity on disk (rack_state_dir/maas_id, maas_uuid), apart from the region's.
/// Shared by every region link; one registration at a time goes through lockRegistration() so
/// the first link's answer is the id every other link presents.
class RackIdentity {
  public:
    explicit RackIdentity(const Paths& paths);

    std::string systemId() const;
    std::string maasUuid() const;
    /// Writes both files atomically (0640).
    void store(const std::string& system_id, const std::string& maas_uuid);
    /// The delete path: the system_id goes; the secret, the URL and the MAAS UUID stay, so the
    /// next start registers afresh with this MAAS (as MAAS says: a reboot reinstates a rack).
    void forgetSystemId();

    std::unique_lock<std::mutex> lockRegistration() {
        return std::unique_lock(registration_mutex_);
    }

  private:
    Paths paths_;
    mutable std::mutex mutex_;
    std::string system_id_;
    std::string maas_uuid_;
    std::mutex registration_mutex_;
};

/// rack_state_dir/rpc.state: the region endpoints last seen, for when every URL is down.
std::set<Endpoint> loadKnownEndpoints(const std::filesystem::path& state_dir);
void saveKnownEndpoints(const std::filesystem::path& state_dir,
                        const std::set<Endpoint>& endpoints);

/// rack_state_dir/status.json: what `maas status` shows for rackd.
struct RackStatus {
    std::string state;    ///< connected, degraded, disconnected, auth-failed, wrong-maas,
                          ///< incompatible, not-registered, deleted
    std::string message;  ///< one sentence for operators
    size_t connected = 0;
    size_t endpoints = 0;
    std::string system_id;
    std::string maas_uuid;
    std::vector<std::string> warnings;  ///< e.g. a region of another minor version
};
void writeStatus(const std::filesystem::path& state_dir, const RackStatus& status);

/// Clears the rack's system_id (an empty maas_id file); also_maas: forgets the MAAS UUID and
/// the known regions too (`maas-rack register`, which may move the rack to another MAAS).
void forgetIdentity(const Paths& paths, bool also_maas);

/// First line of a file without surrounding whitespace, or "" when it does not exist.
std::string readTrimmed(const std::filesystem::path& path);

}  // namespace maas::rack
