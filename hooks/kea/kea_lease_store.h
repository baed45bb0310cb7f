#pragma once

#include "lease_store.h"

namespace maas::hooks {

/// LeaseStore through the lease_cmds hook's commands, called in-process: lease_mgr.h does not
/// compile with Debian's kea-dev 2.2 (it reaches dhcpsrv/cfg_globals.h, which the package does
/// not install; hooks/README.md), and the commands keep Kea's lease statistics right.
/// A command goes straight to the handlers lease_cmds registered, as Kea's command manager
/// hands it over, without the manager's own per-command work (hooks/README.md, "Why leases go
/// through lease_cmds"); applyAll shares one callout handle across a page.
/// Single-threaded Kea: call on the main thread only. Multi-threaded Kea: an update refused
/// because a packet thread holds the address ("ResourceBusy") is tried again (busy_retry.h).
class KeaLeaseStore final : public LeaseStore {
  public:
    std::string apply(const LeaseRecord& lease) override;
    Applied applyAll(const std::vector<LeaseRecord>& leases) override;
    std::optional<LeaseRecord> get(uint32_t address) override;
    Page page(bool from_start, uint32_t after, uint32_t limit) override;

  private:
    class Commands;
    std::string applyOnce(Commands& commands, const LeaseRecord& lease);
};

}  // namespace maas::hooks
