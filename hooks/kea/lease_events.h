#pragma once

#include <chrono>
#include <deque>
#include <string>

#include "ha_messages.h"
#include "maas/common/log.h"
#include "maas/common/unique_fd.h"
#include "maas/hooks/lease_event_line.h"

namespace maas::hooks {

/// Sends one line per lease event to rackd's unix datagram socket (format in hooks/README.md).
/// Never blocks DHCP. While rackd is away (restarting) or not keeping up, the lines wait in
/// memory, at most kMaxBuffered of them, and go out in order as soon as its socket takes them
/// again: from the next event, or from flush() on the service's tick. Past the bound the oldest
/// are dropped, counted, and logged once per stretch of absence. The socket is connected once (a
/// send then costs no path lookup); connecting is retried at most once per `kReconnectInterval`,
/// so an absent rackd costs DHCP nothing per lease beyond keeping the line.
class LeaseEvents {
  public:
    static constexpr std::chrono::milliseconds kReconnectInterval{1000};
    /// ~130 bytes a line: ~2 MB at most held for rackd (10 s of ~1000 DORAs/s).
    static constexpr size_t kMaxBuffered = 10000;

    LeaseEvents(std::string socketPath, const Logger& log);

    /// action: commit, release, decline, expire; origin: local or partner.
    void report(const char* action, const LeaseRecord& lease, const char* origin);
    /// Sends what waits, in order, as far as rackd's socket takes it.
    void flush();

    uint64_t sent() const { return sent_; }
    uint64_t dropped() const { return dropped_; }
    size_t buffered() const { return buffered_.size(); }

  private:
    enum class Send { Sent, Busy, Gone };
    Send sendLine(const std::string& line);
    bool connectIfDue();
    void keep(std::string line);

    std::string path_;
    const Logger& log_;
    maas::UniqueFd fd_;  ///< connected to path_, or empty
    std::chrono::steady_clock::time_point retry_at_{};
    std::deque<std::string> buffered_;  ///< oldest first
    bool full_logged_ = false;          ///< one log line per stretch at the bound
    uint64_t sent_ = 0;
    uint64_t dropped_ = 0;
};

}  // namespace maas::hooks
