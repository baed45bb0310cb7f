#pragma once

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "maas/common/log.h"
#include "maas/rack/region_link.h"

namespace maas::rack {

struct RackDaemonOptions {
    std::vector<std::string> urls;  ///< maas_url from rackd.conf
    std::filesystem::path state_dir;
    LinkSettings link;
    std::chrono::milliseconds discovery_timeout{2000};
};

/// Keeps one RegionLink per advertised region worker endpoint, rediscovering on MAAS's
/// schedule, and publishes the rack's status. Discovery I/O is injected for tests.
class RackDaemon final : public LinkObserver {
  public:
    using Discover = std::function<std::vector<Endpoint>(const std::string& url)>;
    enum class Ending { Stopped, Deleted };

    RackDaemon(RackDaemonOptions options, RackIdentity& identity, const Logger& logger,
               RegionLink::ArgsSource args, Discover discover, std::function<void()> on_ready);
    ~RackDaemon() override;

    /// Runs until stop() or until a region deletes this rack.
    Ending run();
    /// Thread-safe (signal thread).
    void stop();
    /// After run() ended Deleted and the caller stopped DHCP and power: status says "deleted".
    void markDeleted();
    /// Sends a request on the first live region link (answers are not awaited); false when
    /// no link is up. Thread-safe.
    bool sendToRegion(const std::string& command, Poco::JSON::Object::Ptr args);

    void linkUp(const Endpoint& endpoint, const maas::rpc::RegisterResult& result) override;
    void linkDown(const Endpoint& endpoint, LinkFailure failure,
                  const std::string& detail) override;
    void stopRequested(const Endpoint& endpoint, const std::string& reason) override;
    void regionsChanged() override;

  private:
    void discoverAndReconcile(std::set<Endpoint>& known);
    void setEndpoints(const std::set<Endpoint>& desired);
    void stopAllLinks();
    void publishStatus();
    double random();

    RackDaemonOptions options_;
    RackIdentity& identity_;
    const Logger& logger_;
    RegionLink::ArgsSource args_;
    Discover discover_;
    std::function<void()> on_ready_;

    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool deleted_ = false;         ///< the region asked this rack to stop
    bool rediscover_ = false;      ///< a region announced RegionsChanged: run discovery now
    bool served_nothing_ = false;  ///< DHCP and power stopped too ("deleted" only then)
    bool ready_ = false;
    std::map<Endpoint, std::unique_ptr<RegionLink>> links_;
    std::set<Endpoint> up_;
    std::map<Endpoint, std::pair<LinkFailure, std::string>> failures_;
    std::set<std::string> warnings_;  ///< version warnings from registrations (maas status)
    std::map<std::string, std::string> discovery_errors_;  ///< url -> last error logged
    std::map<std::string, std::string> unverified_;        ///< url -> why its list was ignored
    std::mutex status_mutex_;                              ///< one writer of status.json at a time
    std::mutex random_mutex_;
    uint64_t random_state_;
};

}  // namespace maas::rack
