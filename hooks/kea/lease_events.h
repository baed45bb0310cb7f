#pragma once

#include <chrono>
#include <string>

#include "maas/common/unique_fd.h"
#include "maas/hooks/lease_event_line.h"

namespace maas::hooks {

/// Sends one line per lease event to rackd's unix datagram socket (format in hooks/README.md).
/// Never blocks DHCP: if rackd is not listening the event is counted as dropped. The socket is
/// connected once (a send then costs no path lookup); when rackd is gone, connecting is retried
/// at most once per `kReconnectInterval`, so an absent rackd costs DHCP nothing per lease.
class LeaseEvents {
  public:
    static constexpr std::chrono::milliseconds kReconnectInterval{1000};

    explicit LeaseEvents(std::string socketPath);

    /// action: commit, release, decline, expire; origin: local or partner.
    void report(const char* action, const LeaseRecord& lease, const char* origin);

    uint64_t sent() const { return sent_; }
    uint64_t dropped() const { return dropped_; }

  private:
    bool sendLine(const std::string& line);
    bool connectIfDue();

    std::string path_;
    maas::UniqueFd fd_;  ///< connected to path_, or empty
    std::chrono::steady_clock::time_point retry_at_{};
    uint64_t sent_ = 0;
    uint64_t dropped_ = 0;
};

}  // namespace maas::hooks
