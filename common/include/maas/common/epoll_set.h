#pragma once

#include <cstdint>

#include "maas/common/unique_fd.h"

namespace maas {

/// An epoll instance and the eventfd other threads write to wake the thread waiting on it,
/// both owned. Interest is registered under a caller's 64-bit tag.
class EpollSet {
  public:
    /// Creates both; the wake-up fd is registered for reading under wake_tag.
    explicit EpollSet(uint64_t wake_tag);

    int fd() const { return epoll_.get(); }
    void add(int fd, uint32_t events, uint64_t tag);
    void modify(int fd, uint32_t events, uint64_t tag);
    void remove(int fd);
    /// Thread-safe: makes the waiting thread's epoll_wait return.
    void wake();
    /// Consumes pending wake-ups (call on the wake tag's event).
    void drainWake();

  private:
    UniqueFd epoll_;
    UniqueFd wake_;
};

}  // namespace maas
