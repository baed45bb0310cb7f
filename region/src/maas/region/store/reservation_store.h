#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "maas/region/api/models.h"
#include "maas/region/db/pg.h"

namespace maas::region::store {

/// Users' reserved addresses, and the other addresses `ipaddresses read all=true` lists.
class ReservationStore {
  public:
    explicit ReservationStore(db::Connection& conn) : conn_(conn) {}

    int64_t insert(const std::string& ip, int64_t subnet_id, int64_t user_id,
                   const std::string& hostname, const std::optional<std::string>& mac);
    /// Reservations, oldest first; of one user when username is given, of one address when ip
    /// is given.
    std::vector<api::IpReservation> list(const std::optional<std::string>& username,
                                         const std::optional<std::string>& ip);
    /// Removes the user's reservation of ip (any user's when user_id is nullopt).
    bool release(const std::string& ip, std::optional<int64_t> user_id);
    /// Removes static interface links holding ip (an admin's forced release).
    bool releaseLinks(const std::string& ip);
    /// Removes the current lease of ip (forced release of a discovered address).
    bool releaseLease(const std::string& ip);
    /// Interface links that hold an address, oldest first.
    std::vector<api::LinkedAddress> linkedAddresses(const std::optional<std::string>& ip);
    /// The most specific subnet holding ip, as MAAS's get_best_subnet_for_ip.
    std::optional<int64_t> bestSubnetFor(const std::string& ip);
    /// The hostname of the node an interface with this MAC belongs to, if any.
    std::optional<std::string> nodeWithMac(const std::string& mac);

  private:
    db::Connection& conn_;
};

}  // namespace maas::region::store
