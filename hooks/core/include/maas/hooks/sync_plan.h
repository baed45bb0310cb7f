#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "maas/hooks/lease_record.h"

namespace maas::hooks {

/// The address range one sync page answers for: (after, last] where a first page starts at the
/// lowest address and a last page runs to the highest one.
struct SyncPageRange {
    bool from_start = true;
    uint32_t after = 0;
    bool to_end = true;
    uint32_t last = 0;

    bool contains(uint32_t address) const {
        return (from_start || address > after) && (to_end || address <= last);
    }
};

/// What the pulling server does with one page of the partner's leases.
struct SyncPlan {
    std::vector<LeaseRecord> store;   ///< partner copies to write locally
    std::vector<LeaseRecord> remove;  ///< our copies of leases the partner does not have
};

/// The range a page of partner leases (address order) covers for a request (from_start, after).
SyncPageRange syncPageRange(bool from_start, uint32_t after, const std::vector<LeaseRecord>& page,
                            bool lastPage);

/// Decides how to merge a partner page into the local leases of the same range (`local`, any
/// order). When `partnerAuthoritative` (the partner served alone in partner-down) its copy wins
/// and local-only leases go: they were never acked by the pair, so the sets converge. Otherwise
/// nothing is removed and a local lease of the same client that lasts longer is kept (we may
/// have renewed it alone while the link was down).
SyncPlan planSyncPage(const std::vector<LeaseRecord>& partnerPage,
                      const std::vector<LeaseRecord>& local, bool partnerAuthoritative);

}  // namespace maas::hooks
