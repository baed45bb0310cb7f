#include "peer_writer.h"

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>

namespace maas::hooks {

namespace {

// How long a send waits for a full socket buffer before it looks at the stop flag again, and
// how long a stopping writer still tries to hand over its last bytes (a Bye, the last Ack).
constexpr int kPollSliceMs = 50;
constexpr int kStopGraceMs = 100;

}  // namespace

PeerWriter::PeerWriter(int fd, size_t maxQueued)
    : fd_(fd), max_queued_(maxQueued), thread_([this] { run(); }) {}

PeerWriter::~PeerWriter() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

bool PeerWriter::queue(const std::vector<uint8_t>& bytes) {
    if (failed_.load(std::memory_order_relaxed)) {
        return false;
    }
    std::lock_guard lock(mutex_);
    if (queued_.size() + bytes.size() > max_queued_) {
        return false;
    }
    queued_.insert(queued_.end(), bytes.begin(), bytes.end());
    return true;
}

void PeerWriter::kick() {
    bool notify = false;
    {
        std::lock_guard lock(mutex_);
        notify = !kicked_ && !queued_.empty();
        kicked_ = kicked_ || notify;
    }
    if (notify) {
        wake_.notify_one();
    }
}

void PeerWriter::run() {
    std::vector<uint8_t> sending;
    std::unique_lock lock(mutex_);
    while (true) {
        wake_.wait(lock, [this] { return kicked_ || stopping_; });
        const bool last = stopping_;
        sending.swap(queued_);
        kicked_ = false;
        lock.unlock();
        if (!sending.empty() && !failed_.load(std::memory_order_relaxed) && !sendAll(sending)) {
            failed_.store(true, std::memory_order_relaxed);
        }
        sending.clear();
        lock.lock();
        if (last) {
            return;
        }
    }
}

bool PeerWriter::sendAll(const std::vector<uint8_t>& bytes) {
    size_t offset = 0;
    int waitedWhileStoppingMs = 0;
    while (offset < bytes.size()) {
        const ssize_t n =
            ::send(fd_, bytes.data() + offset, bytes.size() - offset, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            offset += static_cast<size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            bool stopping = false;
            {
                std::lock_guard lock(mutex_);
                stopping = stopping_;
            }
            if (stopping && waitedWhileStoppingMs >= kStopGraceMs) {
                return false;  // the owner is closing the fd; a partner not reading gets cut
            }
            waitedWhileStoppingMs += stopping ? kPollSliceMs : 0;
            pollfd p{fd_, POLLOUT, 0};
            ::poll(&p, 1, kPollSliceMs);
            continue;
        }
        return false;
    }
    return true;
}

}  // namespace maas::hooks
