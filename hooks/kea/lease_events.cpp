#include "lease_events.h"

#include <sys/socket.h>
#include <sys/un.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace maas::hooks {

LeaseEvents::LeaseEvents(std::string socketPath, const Logger& log)
    : path_(std::move(socketPath)), log_(log) {}

void LeaseEvents::report(const char* action, const LeaseRecord& lease, const char* origin) {
    if (path_.empty()) {
        return;
    }
    keep(leaseEventLine(action, lease, origin) + "\n");
    flush();
}

void LeaseEvents::keep(std::string line) {
    if (buffered_.size() >= kMaxBuffered) {
        buffered_.pop_front();
        ++dropped_;
        if (!full_logged_) {
            full_logged_ = true;
            log_.log(msg::kLeaseEventsDropped,
                     "rackd is not taking lease events and " + std::to_string(kMaxBuffered) +
                         " wait for it: the oldest are dropped",
                     {{"socket", path_}, {"dropped_total", std::to_string(dropped_)}});
        }
    }
    buffered_.push_back(std::move(line));
}

void LeaseEvents::flush() {
    while (!buffered_.empty()) {
        if (!fd_ && !connectIfDue()) {
            return;
        }
        Send result = sendLine(buffered_.front());
        if (result == Send::Gone && connectIfDue()) {
            result = sendLine(buffered_.front());  // rackd replaced its socket since the last one
        }
        if (result != Send::Sent) {
            return;  // busy or gone: the rest keep their order until the next try
        }
        buffered_.pop_front();
        ++sent_;
    }
    full_logged_ = false;
}

LeaseEvents::Send LeaseEvents::sendLine(const std::string& line) {
    const ssize_t n = ::send(fd_.get(), line.data(), line.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n == static_cast<ssize_t>(line.size())) {
        return Send::Sent;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        return Send::Busy;  // rackd's queue is full: it is reading, try again on the next tick
    }
    fd_.reset();  // rackd closed or replaced its socket: connect again
    return Send::Gone;
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
