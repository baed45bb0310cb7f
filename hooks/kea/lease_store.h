#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
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
    /// What applyAll stored: the first `count` leases; `error` says why the next one failed
    /// (empty: all were stored).
    struct Applied {
        size_t count = 0;
        std::string error;
    };

    virtual ~LeaseStore() = default;
    /// Stores or deletes one lease; returns an empty string on success, else the reason.
    virtual std::string apply(const LeaseRecord& lease) = 0;
    /// Stores or deletes each lease in order, stopping at the first failure. One call for a
    /// whole page lets a store set up once what every lease needs.
    virtual Applied applyAll(const std::vector<LeaseRecord>& leases) {
        for (size_t i = 0; i < leases.size(); ++i) {
            std::string error = apply(leases[i]);
            if (!error.empty()) {
                return {i, std::move(error)};
            }
        }
        return {leases.size(), ""};
    }
    virtual std::optional<LeaseRecord> get(uint32_t address) = 0;
    /// Leases in address order after `after` (or from the first one).
    virtual Page page(bool from_start, uint32_t after, uint32_t limit) = 0;
};

}  // namespace maas::hooks
