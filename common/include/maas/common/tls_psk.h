#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "maas/common/secret.h"

using SSL = struct ssl_st;
using SSL_CTX = struct ssl_ctx_st;

namespace maas::tls {

/// HKDF-SHA256 over the shared secret: an empty salt, `label` as the info. Different labels give
/// unrelated keys, so the TLS key, the discovery MAC key and the HMAC proofs never coincide.
Bytes deriveKey(const Bytes& secret, std::string_view label, size_t length = 32);

/// Labels of the keys derived from the shared secret.
inline constexpr std::string_view kRpcPskLabel = "maas-rpc/1 tls13-external-psk";
inline constexpr std::string_view kRpcPskIdentity = "maas-rpc/1";
inline constexpr std::string_view kPeerPskLabel = "maas-dhcp-ha-peer/1 tls13-external-psk";
inline constexpr std::string_view kPeerPskIdentity = "maas-dhcp-ha-peer/1";

enum class Role { Client, Server };
struct SocketState;

/// What a Stream runs on: an SSL_CTX for one side, and what it accepts once the handshake is
/// done (a PSK context insists the key, not a certificate, authenticated the peer).
class Context {
  public:
    virtual ~Context() = default;
    virtual SSL_CTX* get() const = 0;
    virtual Role role() const = 0;
    /// Called once the handshake finished; false (with `why`) ends the session.
    virtual bool acceptsSession(SSL* ssl, std::string& why) const = 0;
};

/// An SSL_CTX for TLS 1.3 with one external pre-shared key and no certificates: a peer that
/// does not hold the key cannot finish the handshake, and nothing but TLS 1.3 is spoken.
/// Key exchange is psk_dhe_ke (ephemeral X25519 as well), so a later leak of the secret does
/// not decrypt captured traffic. Session tickets are off: every connection uses the PSK.
class PskContext final : public Context {
  public:
    PskContext(Role role, Bytes psk, std::string identity);
    ~PskContext() override;
    PskContext(const PskContext&) = delete;
    PskContext& operator=(const PskContext&) = delete;

    SSL_CTX* get() const override { return ctx_; }
    Role role() const override { return role_; }
    bool acceptsSession(SSL* ssl, std::string& why) const override;
    const Bytes& psk() const { return psk_; }
    const std::string& identity() const { return identity_; }

  private:
    Role role_;
    Bytes psk_;
    std::string identity_;
    SSL_CTX* ctx_ = nullptr;
};

/// The RPC context for one side, keyed by the shared secret.
std::shared_ptr<PskContext> rpcContext(Role role, const Bytes& secret);
/// The DHCP HA peer link's context for one side (the primary dials: Client), keyed by the
/// shared secret under its own label, so the link's key is never the RPC link's.
std::shared_ptr<PskContext> peerContext(Role role, const Bytes& secret);

enum class IoStatus {
    Done,       ///< handshake finished, or `bytes` moved
    WantRead,   ///< retry when the socket is readable
    WantWrite,  ///< retry when the socket is writable
    Closed,     ///< the peer closed the TLS session cleanly
    Failed,     ///< protocol or authentication failure (a changed record, a wrong key): close
};

struct IoResult {
    IoStatus status = IoStatus::Done;
    size_t bytes = 0;
};

/// One TLS session over a non-blocking socket it does not own (the caller keeps the fd open
/// for the stream's lifetime). Writes never raise SIGPIPE. Fits an epoll loop: every call returns
/// at once with what it needs next. Idle sessions release their record buffers
/// (SSL_MODE_RELEASE_BUFFERS).
class Stream {
  public:
    Stream(std::shared_ptr<const Context> context, int fd);
    ~Stream();
    Stream(const Stream&) = delete;
    Stream& operator=(const Stream&) = delete;

    /// Done, WantRead/WantWrite, Closed (the peer hung up) or Failed (an alert, a wrong key).
    IoStatus handshake();
    bool established() const { return established_; }
    /// Plaintext in; Done with bytes > 0, or another status with bytes == 0.
    IoResult read(char* buffer, size_t size);
    /// Plaintext out; may move fewer bytes than asked (partial writes are on).
    IoResult write(const char* data, size_t size);
    /// Plaintext already decrypted and waiting: read() again before waiting for the socket.
    bool hasBuffered() const;
    /// Sends close_notify, best effort.
    void shutdown();
    /// The last failure in words (OpenSSL's reason), for logs.
    const std::string& error() const { return error_; }
    /// errno of the last failed socket call (ECONNRESET: the peer's kernel reset the link).
    int socketErrno() const { return socket_errno_; }

  private:
    IoStatus classify(int rc);

    std::shared_ptr<const Context> context_;
    std::unique_ptr<SocketState> socket_;  ///< the fd the BIO reads and writes
    SSL* ssl_ = nullptr;
    bool established_ = false;
    std::string error_;
    int socket_errno_ = 0;
};

/// The RPC and peer links speak TLS only with a pre-shared key.
using PskStream = Stream;

}  // namespace maas::tls
