#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "maas/region/api/models.h"
#include "maas/region/db/pg.h"
#include "maas/region/net/address_space.h"

namespace maas::region::store {

/// Interface links and the addresses a subnet has given out: what MAAS keeps as
/// StaticIPAddress rows.
class AddressStore {
  public:
    explicit AddressStore(db::Connection& conn) : conn_(conn) {}

    /// Serialises address choices cluster-wide until the transaction ends, so two requests
    /// never pick the same free address.
    void lockAllocation();
    /// Every span of the subnet that is taken, with MAAS's purposes: gateway-ip, dns-server,
    /// reserved, dynamic, assigned-ip (links, reservations, leases), and IPv6's protocol
    /// reservations.
    std::vector<net::AddressSpan> inUse(const api::Subnet& subnet, const net::Cidr& cidr);
    /// True when a link or a reservation holds the address (leases do not, as in MAAS).
    bool addressTaken(const std::string& ip);

    int64_t addLink(int64_t interface_id, const std::string& mode, std::optional<int64_t> subnet_id,
                    const std::optional<std::string>& ip);
    bool removeLink(int64_t interface_id, int64_t link_id);
    void clearLinks(int64_t interface_id);

  private:
    db::Connection& conn_;
};

}  // namespace maas::region::store
