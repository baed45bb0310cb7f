#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

#include "maas/rpc/commands.h"

namespace maas::region::rpc {

/// One authenticated rack connection as the directory sees it.
struct PeerInfo {
    uint64_t connection_id = 0;
    std::string address;  ///< the rack's address as seen by the region
    uint16_t port = 0;
    std::string endpoint;  ///< this worker's RPC endpoint "host:port"
    int protocol = 0;      ///< from the rack's Hello
    std::string version;   ///< from the rack's Hello
};

/// A refusal the rack should see: code is one of maas::rpc::code, text names the problem.
class DirectoryError : public std::runtime_error {
  public:
    DirectoryError(std::string code, const std::string& text)
        : std::runtime_error(text), code_(std::move(code)) {}
    const std::string& code() const { return code_; }

  private:
    std::string code_;
};

/// Where registrations, heartbeats and disconnects go. Called from the RPC server's thread.
/// A refused registration must change nothing.
class RackDirectory {
  public:
    virtual ~RackDirectory() = default;
    /// Matches by system_id, then hostname, then MAC, else creates. Throws DirectoryError.
    virtual maas::rpc::RegisterResult registerRack(const maas::rpc::RegisterArgs& args,
                                                   const PeerInfo& peer) = 0;
    /// Throws DirectoryError(not-registered) when the rack is unknown (e.g. deleted).
    virtual void heartbeat(const std::string& system_id, const PeerInfo& peer) = 0;
    /// The rack's interfaces changed: record and place them as at registration.
    virtual void updateInterfaces(const maas::rpc::UpdateInterfacesArgs& args,
                                  const PeerInfo& peer) = 0;
    virtual void disconnected(const std::string& system_id, const PeerInfo& peer) = 0;
};

}  // namespace maas::region::rpc
