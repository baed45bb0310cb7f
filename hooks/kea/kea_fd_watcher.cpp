#include "kea_fd_watcher.h"

#include <config.h>

#include <dhcp/iface_mgr.h>

#include "ha_messages.h"

namespace maas::hooks {

void KeaFdWatcher::watch(int fd, std::function<void()> onReadable) {
    isc::dhcp::IfaceMgr::instance().addExternalSocket(fd, [this, cb = std::move(onReadable)](int) {
        // Nothing may escape into Kea's main loop.
        try {
            cb();
        } catch (const std::exception& e) {
            log_.log(msg::kInternalError, "peer I/O callback failed", {{"error", e.what()}});
        } catch (...) {
            log_.log(msg::kInternalError, "peer I/O callback failed");
        }
    });
}

void KeaFdWatcher::unwatch(int fd) {
    try {
        isc::dhcp::IfaceMgr::instance().deleteExternalSocket(fd);
    } catch (...) {
        // Already gone (Kea may clear external sockets on reconfiguration).
    }
}

}  // namespace maas::hooks
