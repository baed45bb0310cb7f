#include "maas/hooks/busy_retry.h"

namespace maas::hooks {

bool isBusyRefusal(std::string_view error) {
    return error.find("ResourceBusy") != std::string_view::npos;
}

std::string retryWhileBusy(const std::function<std::string()>& attempt,
                           const std::function<void(int64_t)>& sleepUs, BusyRetryLimits limits) {
    int64_t wait_us = limits.first_wait_us;
    for (int tried = 1;; ++tried) {
        std::string error = attempt();
        if (error.empty() || !isBusyRefusal(error)) {
            return error;
        }
        if (tried >= limits.attempts) {
            return error + " (still busy after " + std::to_string(tried) + " tries)";
        }
        sleepUs(wait_us);
        wait_us *= 2;
    }
}

}  // namespace maas::hooks
