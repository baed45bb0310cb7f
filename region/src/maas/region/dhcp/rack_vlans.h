#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "maas/region/db/pg.h"

namespace maas::region::dhcp {

/// One DHCP-enabled VLAN a rack serves.
struct DhcpDuty {
    std::string fabric;
    int64_t fabric_id = 0;
    int vid = 0;
    bool primary = false;        ///< primary (else secondary) rack of the VLAN
    bool has_secondary = false;  ///< the VLAN has a secondary rack (DHCP HA)
};

/// MAAS's name of a VLAN: "fabric-0.untagged", "fabric-0.10" (pure).
std::string vlanName(const DhcpDuty& duty);

/// DHCP duties of rack controllers: which VLANs a rack serves, whether it is alive, and how
/// its duties move when it is deleted (MAAS's RackController.delete(force=True)).
class RackVlans {
  public:
    explicit RackVlans(db::Connection& conn) : conn_(conn) {}

    /// DHCP-enabled VLANs where the rack is primary or secondary, by fabric name and vid.
    std::vector<DhcpDuty> dhcpDutiesOf(int64_t node_id);
    /// True when the rack's rackd service is running or degraded (some region reaches it).
    bool rackAlive(const std::string& system_id);
    /// Promotes the secondary where the rack is primary (DHCP off when there is none) and drops
    /// it where it is secondary. Rows are locked FOR UPDATE first.
    void releaseDhcpDuties(int64_t node_id);

  private:
    db::Connection& conn_;
};

/// The 400 text for deleting a rack that still serves DHCP: names the VLANs and, per VLAN, the
/// command that takes this rack out of it (pure).
std::string rackDeleteRefusal(const std::string& hostname, const std::vector<DhcpDuty>& duties);

}  // namespace maas::region::dhcp
