#pragma once

#include <functional>

namespace maas::hooks {

/// Runs a callback on the server's main loop whenever an fd becomes readable (interface at
/// the Kea boundary: IfaceMgr external sockets in the hook, a poll loop in tests).
class FdWatcher {
  public:
    virtual ~FdWatcher() = default;
    virtual void watch(int fd, std::function<void()> onReadable) = 0;
    virtual void unwatch(int fd) = 0;
    /// True when the server already has further client queries queued (they are handled
    /// before its loop would block). Used to batch replication; a loop that cannot tell says
    /// false, which sends every change at once.
    virtual bool queriesWaiting() { return false; }
};

}  // namespace maas::hooks
