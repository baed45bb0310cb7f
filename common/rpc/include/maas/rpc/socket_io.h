#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>

#include "maas/common/tls_psk.h"
#include "maas/common/unique_fd.h"
#include "maas/rpc/frame.h"
#include "maas/rpc/message.h"

namespace maas::rpc {

/// A socket-level failure: refused, reset, closed by the peer, or a bad frame.
class IoError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// The TLS handshake failed on a protocol or key error (the peer sent an alert, or answered
/// without the pre-shared key): a wrong secret, or not a peer of this cluster.
class TlsHandshakeError : public IoError {
  public:
    using IoError::IoError;
};

/// Connects with a deadline; the returned socket is non-blocking, TCP_NODELAY, CLOEXEC.
UniqueFd connectTcp(const std::string& host, uint16_t port, std::chrono::milliseconds timeout);

/// "host:port", with [..] around IPv6 addresses; for log lines.
std::string formatEndpoint(const std::string& host, uint16_t port);

/// Blocking-with-deadline framed I/O over one connected socket (client side and tests), in
/// cleartext or inside a TLS 1.3 PSK session.
class FramedSocket {
  public:
    explicit FramedSocket(UniqueFd fd, uint32_t max_payload = kMaxFrameBytes);
    /// Runs the TLS handshake within `timeout`; throws TlsHandshakeError when the peer does not
    /// hold the key, IoError when it hangs up or does not answer. Nothing goes in cleartext.
    FramedSocket(UniqueFd fd, std::shared_ptr<maas::tls::PskContext> tls,
                 std::chrono::milliseconds timeout, uint32_t max_payload = kMaxFrameBytes);

    void send(const RpcMessage& message, std::chrono::milliseconds timeout);
    void sendRaw(const std::string& bytes, std::chrono::milliseconds timeout);
    /// The next payload, or nullopt when nothing complete arrived in time.
    /// Throws IoError when the peer closed, on errors, and on oversize or empty frames.
    std::optional<std::string> receive(std::chrono::milliseconds timeout);
    int fd() const { return fd_.get(); }
    void close() {
        tls_.reset();
        fd_.reset();
    }
    bool encrypted() const { return tls_ != nullptr; }

  private:
    /// Bytes moved (> 0), 0 when the peer closed, -1 with errno EAGAIN when it would block
    /// (then want_write tells which direction to wait for); throws IoError otherwise.
    ssize_t receiveSome(char* buffer, size_t size, bool& want_write);
    ssize_t sendSome(const char* data, size_t size, bool& want_read);

    UniqueFd fd_;
    std::unique_ptr<maas::tls::PskStream> tls_;
    /// One thread may send while another receives (LinkChannel); an SSL object takes one call
    /// at a time, so each read or write holds this (never across a wait).
    std::unique_ptr<std::mutex> tls_mutex_ = std::make_unique<std::mutex>();
    FrameDecoder decoder_;
};

/// Connects and opens the RPC's TLS session keyed by the shared secret (what racks use).
FramedSocket connectRpc(const std::string& host, uint16_t port,
                        std::shared_ptr<maas::tls::PskContext> tls,
                        std::chrono::milliseconds timeout);
FramedSocket connectRpc(const std::string& host, uint16_t port, const Bytes& secret,
                        std::chrono::milliseconds timeout);

}  // namespace maas::rpc
