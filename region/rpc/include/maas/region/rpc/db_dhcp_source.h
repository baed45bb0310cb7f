#pragma once

#include <chrono>
#include <mutex>

#include "maas/region/db/pool.h"
#include "maas/region/dhcp/kea_config.h"
#include "maas/region/rpc/dhcp_source.h"

namespace maas::region::rpc {

/// DhcpSource over the database: duties from `vlans`, addresses from the racks' interfaces,
/// pools from `ipranges`, the generation from `dhcp_generation` (migration 0030), status in
/// `services` (`dhcpd`), leases in `dhcp_leases`.
class DbDhcpSource final : public DhcpSource {
  public:
    explicit DbDhcpSource(db::Pool& pool, region::dhcp::DhcpPolicy policy = {})
        : pool_(pool), policy_(std::move(policy)) {}

    int64_t generation() override;
    maas::rpc::DhcpConfigResult config(const std::string& system_id,
                                       const maas::rpc::GetDhcpConfigArgs& args) override;
    void reportStatus(const std::string& system_id,
                      const maas::rpc::DhcpStatusArgs& status) override;
    int64_t recordLeases(const std::string& system_id,
                         const maas::rpc::LeaseEventsArgs& events) override;

  private:
    db::Pool& pool_;
    region::dhcp::DhcpPolicy policy_;
    // Every heartbeat asks; a short cache keeps that off the database (well within 1 s).
    std::mutex cache_mutex_;
    int64_t cached_generation_ = 0;
    std::chrono::steady_clock::time_point cached_at_{};
};

/// Loads one rack's DHCP duties (pure SQL, no Kea knowledge): DHCP-enabled VLANs where the rack
/// is primary or secondary, its own and its partner's address there, subnets and ranges.
std::vector<region::dhcp::VlanDuty> loadDhcpDuties(db::Connection& conn,
                                                   const std::string& system_id);

}  // namespace maas::region::rpc
