#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "maas/region/db/pg.h"

namespace maas::region::dhcp {

/// DHCP duties of rack controllers: which VLANs a rack serves, whether it is alive, and how
/// its duties move when it is deleted (MAAS's RackController.delete(force=True)).
class RackVlans {
  public:
    explicit RackVlans(db::Connection& conn) : conn_(conn) {}

    /// "fabric.vid" names of DHCP-enabled VLANs where the rack is primary or secondary.
    std::vector<std::string> dhcpVlansServedBy(int64_t node_id);
    /// True when the rack's rackd service is running or degraded (some region reaches it).
    bool rackAlive(const std::string& system_id);
    /// Promotes the secondary where the rack is primary (DHCP off when there is none) and drops
    /// it where it is secondary. Rows are locked FOR UPDATE first.
    void releaseDhcpDuties(int64_t node_id);

  private:
    db::Connection& conn_;
};

/// The 400 text for deleting a rack that still serves DHCP.
std::string rackDeleteRefusal(const std::string& hostname, const std::vector<std::string>& vlans);

}  // namespace maas::region::dhcp
