#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "maas/common/unique_fd.h"
#include "maas/rpc/frame.h"
#include "maas/rpc/message.h"

namespace maas::rpc {

/// A socket-level failure: refused, reset, closed by the peer, or a bad frame.
class IoError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Connects with a deadline; the returned socket is non-blocking, TCP_NODELAY, CLOEXEC.
UniqueFd connectTcp(const std::string& host, uint16_t port, std::chrono::milliseconds timeout);

/// "host:port", with [..] around IPv6 addresses; for log lines.
std::string formatEndpoint(const std::string& host, uint16_t port);

/// Blocking-with-deadline framed I/O over one connected socket (client side and tests).
class FramedSocket {
  public:
    explicit FramedSocket(UniqueFd fd, uint32_t max_payload = kMaxFrameBytes);

    void send(const Message& message, std::chrono::milliseconds timeout);
    void sendRaw(const std::string& bytes, std::chrono::milliseconds timeout);
    /// The next payload, or nullopt when nothing complete arrived in time.
    /// Throws IoError when the peer closed, on errors, and on oversize or empty frames.
    std::optional<std::string> receive(std::chrono::milliseconds timeout);
    int fd() const { return fd_.get(); }
    void close() { fd_.reset(); }

  private:
    UniqueFd fd_;
    FrameDecoder decoder_;
};

}  // namespace maas::rpc
