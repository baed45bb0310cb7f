#include "kea_fd_watcher.h"

#include <config.h>

#include <dhcp/iface_mgr.h>
#include <poll.h>

#include <array>

#include "ha_messages.h"

namespace maas::hooks {

void KeaFdWatcher::watch(int fd, std::function<void()> onReadable) {
    {
        std::lock_guard lock(mutex_);
        callbacks_[fd] = std::make_shared<const std::function<void()>>(std::move(onReadable));
    }
    // IfaceMgr copies every external socket's callback on each receive, that is for each
    // query: a callable of a pointer and an int is copied without allocating.
    isc::dhcp::IfaceMgr::instance().addExternalSocket(fd, [this, fd](int) { dispatch(fd); });
}

void KeaFdWatcher::dispatch(int fd) {
    std::shared_ptr<const std::function<void()>> callback;
    {
        std::lock_guard lock(mutex_);
        const auto it = callbacks_.find(fd);
        if (it == callbacks_.end()) {
            return;
        }
        callback = it->second;  // alive even if the callback unwatches its own fd
    }
    // Nothing may escape into Kea's main loop.
    try {
        (*callback)();
    } catch (const std::exception& e) {
        log_.log(msg::kInternalError, "peer I/O callback failed", {{"error", e.what()}});
    } catch (...) {
        log_.log(msg::kInternalError, "peer I/O callback failed");
    }
}

void KeaFdWatcher::unwatch(int fd) {
    {
        std::lock_guard lock(mutex_);
        callbacks_.erase(fd);
    }
    try {
        isc::dhcp::IfaceMgr::instance().deleteExternalSocket(fd);
    } catch (...) {
        // Already gone (Kea may clear external sockets on reconfiguration).
    }
}

bool KeaFdWatcher::queriesWaiting() {
    std::array<pollfd, 16> fds{};  // a rack serves a few interfaces; more are not looked at
    size_t count = 0;
    for (const auto& iface : isc::dhcp::IfaceMgr::instance().getIfaces()) {
        // Not the fallback sockets of raw (LPF) interfaces: Kea drains those only when the raw
        // socket has a packet, which the raw socket then also holds.
        for (const auto& socket : iface->getSockets()) {
            if (socket.sockfd_ >= 0 && count < fds.size()) {
                fds[count++] = pollfd{socket.sockfd_, POLLIN, 0};
            }
        }
    }
    return count > 0 && ::poll(fds.data(), count, 0) > 0;
}

}  // namespace maas::hooks
