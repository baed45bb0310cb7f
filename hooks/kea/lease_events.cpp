#include "lease_events.h"

#include <sys/socket.h>
#include <sys/un.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>

namespace maas::hooks {

namespace {
/// Acknowledgements read per tick at most; rackd sends one per datagram burst it spooled.
constexpr int kMaxAcksPerTick = 256;
}  // namespace

std::string LeaseEvents::randomId() {
    std::random_device random;
    char id[17];
    std::snprintf(id, sizeof id, "%08x%08x", static_cast<unsigned>(random()),
                  static_cast<unsigned>(random()));
    return id;
}

LeaseEvents::LeaseEvents(std::string socketPath, const Logger& log, std::string instanceId,
                         const maas::Clock& clock)
    : path_(std::move(socketPath)), log_(log), instance_(std::move(instanceId)), clock_(clock) {}

void LeaseEvents::report(const char* action, const LeaseRecord& lease, const char* origin) {
    if (path_.empty()) {
        return;
    }
    keep(leaseEventLine(action, lease, origin));
    flush();
}

void LeaseEvents::keep(maas::LeaseEventLine line) {
    if (lines_.size() >= kMaxBuffered) {
        lines_.pop_front();
        next_ -= next_ > 0 ? 1 : 0;
        ++dropped_;
        if (!full_logged_) {
            full_logged_ = true;
            log_.log(msg::kLeaseEventsDropped,
                     "rackd is not taking lease events and " + std::to_string(kMaxBuffered) +
                         " wait for it: the oldest are dropped",
                     {{"socket", path_}, {"dropped_total", std::to_string(dropped_)}});
        }
    }
    line.hook = instance_;
    line.seq = ++seq_;
    lines_.push_back({seq_, maas::encodeLeaseEventLine(line) + "\n"});
}

void LeaseEvents::flush() {
    bool connected = false;  // one new socket per flush at most
    while (next_ < lines_.size()) {
        if (!fd_) {
            if (connected || !connectIfDue()) {
                return;
            }
            connected = true;
            resendUnacked();  // a new socket may reach a new rackd: what the old one lost goes
                              // again
            continue;
        }
        const Send result = sendLine(lines_[next_].text);
        if (result == Send::Busy) {
            return;  // rackd's queue is full: the rest keep their order until the next try
        }
        if (result == Send::Gone) {
            continue;  // rackd replaced its socket or is gone: connect again
        }
        if (next_ == 0) {  // the first line awaiting an acknowledgement
            ack_due_ = clock_.now() + kAckTimeout;
        }
        resent_ += lines_[next_].seq <= highest_sent_ ? 1 : 0;
        highest_sent_ = std::max(highest_sent_, lines_[next_].seq);
        ++next_;
        ++sent_;
    }
}

void LeaseEvents::tick() {
    if (!readAcks()) {
        fd_.reset();  // rackd is gone: the next flush connects again and resends
    }
    if (next_ > 0 && clock_.now() >= ack_due_) {
        // No acknowledgement in time: rackd may have died holding them in its socket queue.
        resendUnacked();
    }
    flush();
    if (lines_.empty()) {
        full_logged_ = false;
    }
}

void LeaseEvents::resendUnacked() {
    next_ = 0;
    ack_due_ = clock_.now() + kAckTimeout;
}

bool LeaseEvents::readAcks() {
    char buffer[256];
    for (int i = 0; fd_ && i < kMaxAcksPerTick; ++i) {
        const ssize_t n = ::recv(fd_.get(), buffer, sizeof buffer, MSG_DONTWAIT);
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            return false;
        }
        if (n <= 0) {
            return true;
        }
        const auto ack = maas::parseLeaseEventAck(std::string_view(buffer, static_cast<size_t>(n)));
        if (ack && ack->hook == instance_) {
            acknowledged(ack->seq);
        }
    }
    return true;
}

void LeaseEvents::acknowledged(uint64_t through) {
    size_t done = 0;
    while (!lines_.empty() && lines_.front().seq <= through &&
           lines_.front().seq <= highest_sent_) {
        lines_.pop_front();
        ++done;
    }
    next_ = next_ > done ? next_ - done : 0;
    acked_ += done;
    if (done > 0) {
        ack_due_ = clock_.now() + kAckTimeout;
    }
}

LeaseEvents::Counters LeaseEvents::counters() const {
    return {lines_.size() - next_, next_, sent_, acked_, resent_, dropped_};
}

LeaseEvents::Send LeaseEvents::sendLine(const std::string& text) {
    const ssize_t n = ::send(fd_.get(), text.data(), text.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n == static_cast<ssize_t>(text.size())) {
        return Send::Sent;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        return Send::Busy;  // rackd's queue is full: it is reading, try again on the next tick
    }
    readAcks();   // what rackd acknowledged before it went is still queued on the old socket
    fd_.reset();  // rackd closed or replaced its socket: connect again
    return Send::Gone;
}

bool LeaseEvents::connectIfDue() {
    const auto now = clock_.now();
    if (now < retry_at_) {
        return false;
    }
    UniqueFd fd(::socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    // Autobind (an abstract address of the kernel's choosing) so rackd can send acknowledgements.
    sockaddr_un own{};
    own.sun_family = AF_UNIX;
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, path_.c_str(), std::min(path_.size(), sizeof addr.sun_path - 1));
    if (!fd ||
        ::bind(fd.get(), reinterpret_cast<const sockaddr*>(&own), sizeof(sa_family_t)) != 0 ||
        ::connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
        retry_at_ = now + kReconnectInterval;
        return false;
    }
    fd_ = std::move(fd);
    return true;
}

}  // namespace maas::hooks
