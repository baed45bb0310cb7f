#pragma once

#include "lease_store.h"

namespace maas::hooks {

/// LeaseStore through the lease_cmds hook's commands, called in-process: lease_mgr.h does not
/// compile with Debian's kea-dev 2.2 (it reaches dhcpsrv/cfg_globals.h, which the package does
/// not install; hooks/README.md), and the commands keep Kea's lease statistics right.
/// Single-threaded Kea: call on the main thread only. Multi-threaded Kea: an update refused
/// because a packet thread holds the address ("ResourceBusy") is tried again (busy_retry.h).
class KeaLeaseStore final : public LeaseStore {
  public:
    std::string apply(const LeaseRecord& lease) override;
    std::optional<LeaseRecord> get(uint32_t address) override;
    Page page(bool from_start, uint32_t after, uint32_t limit) override;

  private:
    std::string applyOnce(const LeaseRecord& lease);
};

}  // namespace maas::hooks
