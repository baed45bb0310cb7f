#include "lease_events.h"

#include <sys/socket.h>
#include <sys/un.h>

#include <cstring>

namespace maas::hooks {

LeaseEvents::LeaseEvents(std::string socketPath) : path_(std::move(socketPath)) {}

void LeaseEvents::report(const char* action, const LeaseRecord& lease, const char* origin) {
    if (path_.empty()) {
        return;
    }
    if (!fd_) {
        fd_.reset(::socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    }
    const std::string line = leaseEventLine(action, lease, origin) + "\n";
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, path_.c_str(), std::min(path_.size(), sizeof addr.sun_path - 1));
    const ssize_t n = ::sendto(fd_.get(), line.data(), line.size(), MSG_DONTWAIT | MSG_NOSIGNAL,
                               reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
    if (n == static_cast<ssize_t>(line.size())) {
        ++sent_;
    } else {
        ++dropped_;
    }
}

}  // namespace maas::hooks
