#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "maas/common/ip.h"

namespace maas::region::power {

/// Highest-random-weight score of one rack for one BMC key: a 64-bit hash of both, the same on
/// every region and release (not std::hash), so all regions agree on owners.
uint64_t rendezvousScore(const std::string& rack_id, const std::string& bmc_key);

/// Rack ids by descending score for the key: [0] is the owner, the rest the failover order.
/// Removing a rack moves only the keys it owned; adding one takes ~1/N of every rack's keys.
std::vector<std::string> rendezvousOrder(const std::vector<std::string>& rack_ids,
                                         const std::string& bmc_key);

/// A live rack as owner selection sees it.
struct RackCandidate {
    std::string system_id;
    std::string hostname;
    std::vector<net::Cidr> networks;       ///< its interfaces' subnets
    std::set<std::string> reachable_bmcs;  ///< BMC addresses it has reached before
};

/// How a BMC is named for hashing and where it lives (for eligibility).
struct BmcTarget {
    std::string key;      ///< stable identity, e.g. "ipmi:10.0.0.5:623"
    std::string address;  ///< host or IP of the BMC; "" when there is none (manual)
};

/// Racks to try for a BMC, in order: the eligible racks (an interface on the BMC's subnet,
/// else racks that reached it before) by rendezvous score, then every other live rack by
/// score, so a BMC whose eligible racks all fail is still tried everywhere. Indices into racks.
std::vector<size_t> ownerOrder(const std::vector<RackCandidate>& racks, const BmcTarget& bmc);

}  // namespace maas::region::power
