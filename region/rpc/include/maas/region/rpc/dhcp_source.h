#pragma once

#include <cstdint>
#include <string>

#include "maas/rpc/dhcp_commands.h"

namespace maas::region::rpc {

/// The region's side of the rack DHCP commands. Called from the RPC server's thread; the
/// system_id is the one registered on the connection. Throws DirectoryError to refuse.
class DhcpSource {
  public:
    virtual ~DhcpSource() = default;
    /// The current DHCP configuration generation (carried by every heartbeat reply).
    virtual int64_t generation() = 0;
    virtual maas::rpc::DhcpConfigResult config(const std::string& system_id,
                                               const maas::rpc::GetDhcpConfigArgs& args) = 0;
    virtual void reportStatus(const std::string& system_id,
                              const maas::rpc::DhcpStatusArgs& status) = 0;
    /// Applies a batch of lease events; for a sequenced batch, only the events after the last
    /// sequence recorded for the rack's spool, and returns the sequence now recorded (0 for an
    /// unsequenced batch).
    virtual int64_t recordLeases(const std::string& system_id,
                                 const maas::rpc::LeaseEventsArgs& events) = 0;
};

}  // namespace maas::region::rpc
