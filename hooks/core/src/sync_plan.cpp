#include "maas/hooks/sync_plan.h"

#include <unordered_map>
#include <unordered_set>

namespace maas::hooks {

SyncPageRange syncPageRange(bool from_start, uint32_t after, const std::vector<LeaseRecord>& page,
                            bool lastPage) {
    SyncPageRange range;
    range.from_start = from_start;
    range.after = after;
    range.to_end = lastPage || page.empty();
    range.last = page.empty() ? 0 : page.back().address;
    return range;
}

SyncPlan planSyncPage(const std::vector<LeaseRecord>& partnerPage,
                      const std::vector<LeaseRecord>& local, bool partnerAuthoritative) {
    std::unordered_map<uint32_t, const LeaseRecord*> mine;
    for (const LeaseRecord& lease : local) {
        mine.emplace(lease.address, &lease);
    }
    SyncPlan plan;
    std::unordered_set<uint32_t> theirs;
    for (const LeaseRecord& lease : partnerPage) {
        theirs.insert(lease.address);
        auto it = mine.find(lease.address);
        const LeaseRecord* own = it == mine.end() ? nullptr : it->second;
        if (own != nullptr && *own == lease) {
            continue;
        }
        if (!partnerAuthoritative && own != nullptr && own->hw_address == lease.hw_address &&
            own->expiresAt() > lease.expiresAt()) {
            continue;
        }
        plan.store.push_back(lease);
    }
    if (partnerAuthoritative) {
        for (const LeaseRecord& lease : local) {
            if (!theirs.contains(lease.address)) {
                plan.remove.push_back(lease);
            }
        }
    }
    return plan;
}

}  // namespace maas::hooks
