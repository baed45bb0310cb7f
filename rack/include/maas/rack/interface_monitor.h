#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "maas/common/unique_fd.h"
#include "maas/rpc/commands.h"

namespace maas::rack {

/// The host's network as the rack reports it.
struct NetworkReport {
    std::vector<maas::rpc::InterfaceInfo> interfaces;
    std::vector<std::string> gateways;
};

/// Keeps the region's picture of this host's interfaces current: compares them every interval
/// (MAAS: 30 s) and at once after a netlink change (link, address or route), and sends
/// UpdateInterfaces when they differ from what was last reported. Registration reports through
/// current(), so a change is sent once whichever path carried it.
class InterfaceMonitor {
  public:
    using Source = std::function<NetworkReport()>;
    /// False when no region link took it (it is retried next round).
    using Send = std::function<bool(const maas::rpc::UpdateInterfacesArgs&)>;

    InterfaceMonitor(Source source, Send send, std::function<std::string()> system_id,
                     std::chrono::milliseconds interval = std::chrono::seconds(30));
    ~InterfaceMonitor();
    InterfaceMonitor(const InterfaceMonitor&) = delete;
    InterfaceMonitor& operator=(const InterfaceMonitor&) = delete;

    /// The network now, remembered as reported (for registration).
    NetworkReport current();
    /// One comparison; true when a changed report was sent.
    bool checkOnce();
    void start();
    void stop();

  private:
    void loop();

    Source source_;
    Send send_;
    std::function<std::string()> system_id_;
    std::chrono::milliseconds interval_;
    std::mutex mutex_;
    std::optional<std::string> reported_;  ///< JSON of the last report the region took
    std::thread thread_;
    UniqueFd stop_fd_;  ///< eventfd that wakes the loop's poll()
};

/// JSON text of a report, for comparisons (pure).
std::string reportKey(const NetworkReport& report);

}  // namespace maas::rack
