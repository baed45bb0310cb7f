#include "lease_events.h"

#include <sys/socket.h>
#include <sys/un.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace maas::hooks {

LeaseEvents::LeaseEvents(std::string socketPath) : path_(std::move(socketPath)) {}

void LeaseEvents::report(const char* action, const LeaseRecord& lease, const char* origin) {
    if (path_.empty()) {
        return;
    }
    if (!fd_ && !connectIfDue()) {
        ++dropped_;  // rackd absent: not even the line is built
        return;
    }
    const std::string line = leaseEventLine(action, lease, origin) + "\n";
    bool delivered = sendLine(line);
    if (!delivered && !fd_ && connectIfDue()) {
        delivered = sendLine(line);  // rackd replaced its socket since the last event
    }
    if (delivered) {
        ++sent_;
    } else {
        ++dropped_;
    }
}

bool LeaseEvents::sendLine(const std::string& line) {
    const ssize_t n = ::send(fd_.get(), line.data(), line.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n == static_cast<ssize_t>(line.size())) {
        return true;
    }
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
        fd_.reset();  // rackd closed or replaced its socket: connect again
    }
    return false;  // a full queue (rackd busy) drops this event only
}

bool LeaseEvents::connectIfDue() {
    const auto now = std::chrono::steady_clock::now();
    if (now < retry_at_) {
        return false;
    }
    UniqueFd fd(::socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, path_.c_str(), std::min(path_.size(), sizeof addr.sun_path - 1));
    if (!fd || ::connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
        retry_at_ = now + kReconnectInterval;
        return false;
    }
    fd_ = std::move(fd);
    return true;
}

}  // namespace maas::hooks
