#pragma once

#include <optional>
#include <string>
#include <vector>

#include "maas/hooks/lease_record.h"

namespace maas::hooks {

/// The local lease database as the hook sees it (interface at the Kea boundary).
class LeaseStore {
  public:
    struct Page {
        std::vector<LeaseRecord> leases;
        bool last = true;
    };

    virtual ~LeaseStore() = default;
    /// Stores or deletes one lease; returns an empty string on success, else the reason.
    virtual std::string apply(const LeaseRecord& lease) = 0;
    virtual std::optional<LeaseRecord> get(uint32_t address) = 0;
    /// Leases in address order after `after` (or from the first one).
    virtual Page page(bool from_start, uint32_t after, uint32_t limit) = 0;
};

}  // namespace maas::hooks
