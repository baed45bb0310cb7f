#pragma once

#include <map>
#include <memory>
#include <mutex>

#include "fd_watcher.h"
#include "maas/common/log.h"

namespace maas::hooks {

/// FdWatcher on Kea's IfaceMgr external sockets: the main loop's select() wakes on them, so
/// acks and heartbeats are handled at once instead of after select()'s one-second timeout.
class KeaFdWatcher final : public FdWatcher {
  public:
    explicit KeaFdWatcher(const Logger& log) : log_(log) {}
    void watch(int fd, std::function<void()> onReadable) override;
    void unwatch(int fd) override;
    /// poll() with zero timeout on IfaceMgr's DHCP sockets.
    bool queriesWaiting() override;

  private:
    void dispatch(int fd);

    const Logger& log_;
    std::mutex mutex_;
    std::map<int, std::shared_ptr<const std::function<void()>>> callbacks_;
};

}  // namespace maas::hooks
