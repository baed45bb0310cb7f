#pragma once

#include <chrono>
#include <functional>
#include <map>

#include "maas/common/log.h"
#include "maas/common/periodic_thread.h"
#include "maas/region/db/pool.h"
#include "maas/region/notify/notification_rules.h"

namespace maas::region::notify {

inline constexpr MessageId kNotificationRaised{
    "REGION_NOTIFICATION_RAISED", Severity::Info,
    "The region raised or cleared notifications about its own health."};
inline constexpr MessageId kHealthSweepFailed{
    "REGION_HEALTH_SWEEP_FAILED", Severity::Warn,
    "The region's health pass (service rows, notifications) failed; retried next pass."};

/// A VLAN whose DHCP just went on has no server until its racks apply the configuration:
/// the condition must hold this long before it is raised.
inline constexpr std::chrono::seconds kDhcpNoServerGrace{10};

/// Once a period, on the cluster's leading worker and under an advisory lock (so several
/// regions never run it at once): writes each region's `regiond` service row from its workers'
/// heartbeats, reads the facts the health conditions need, and makes the region's own
/// notifications match them (notification_rules.h).
class HealthSweep {
  public:
    HealthSweep(db::Pool& pool, const Logger& log, std::chrono::seconds region_stale,
                std::function<bool()> leading,
                std::chrono::milliseconds period = std::chrono::seconds(1));
    ~HealthSweep();
    void start();
    void stop();
    void runOnce();

  private:
    /// Drops conditions that have not yet held for their grace time.
    std::vector<RaisedNotification> afterGrace(std::vector<RaisedNotification> raised);

    db::Pool& pool_;
    const Logger& log_;
    std::chrono::seconds region_stale_;
    std::function<bool()> leading_;
    std::map<std::string, std::chrono::steady_clock::time_point> first_seen_;
    PeriodicThread thread_;
};

/// Reads every fact raisedNotifications() needs, inside the caller's transaction.
HealthFacts readHealthFacts(db::Connection& conn);

/// Sets each region node's `regiond` service row: running when all its workers heartbeat
/// within `stale`, degraded when some do, dead when none does.
void refreshRegionServices(db::Connection& conn, std::chrono::seconds stale);

}  // namespace maas::region::notify
