#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace maas::hooks {

/// Writes an authenticated peer connection's outgoing bytes on a thread of its own, so that
/// Kea's single main thread never pays for a TCP send (on one host that includes the partner's
/// receive path, which the kernel runs in the sender's context). Bytes queued while a send is
/// under way leave together in the next one. The fd stays owned by the caller and must outlive
/// this object; reads stay with the main loop.
class PeerWriter {
  public:
    explicit PeerWriter(int fd, size_t maxQueued);
    /// Sends what is queued (waiting at most a short grace for the socket), then stops.
    ~PeerWriter();
    PeerWriter(const PeerWriter&) = delete;
    PeerWriter& operator=(const PeerWriter&) = delete;

    /// Queues bytes; false when the connection failed or the partner stopped reading
    /// (more than maxQueued bytes waiting). Nothing is sent until kick().
    bool queue(const std::vector<uint8_t>& bytes);
    /// Lets the thread send what is queued.
    void kick();
    /// False once a send failed; the caller drops the connection.
    bool healthy() const { return !failed_.load(std::memory_order_relaxed); }

  private:
    void run();
    bool sendAll(const std::vector<uint8_t>& bytes);

    const int fd_;
    const size_t max_queued_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<uint8_t> queued_;  ///< guarded by mutex_
    bool kicked_ = false;          ///< guarded by mutex_
    bool stopping_ = false;        ///< guarded by mutex_
    std::atomic<bool> failed_{false};
    std::thread thread_;
};

}  // namespace maas::hooks
