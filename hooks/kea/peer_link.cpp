#include "peer_link.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "maas/common/secret.h"

namespace maas::hooks {

namespace {

constexpr int64_t kRedialMs = 200;
constexpr int64_t kHandshakeTimeoutMs = 3000;
constexpr int64_t kConnectTimeoutMs = 500;
constexpr size_t kMaxOutput = 64U << 20;  // partner not reading: give up on it

sockaddr_in socketAddress(uint32_t address, uint16_t port) {
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(address);
    sa.sin_port = htons(port);
    return sa;
}

// TCP's own signals next to the heartbeats: data left unacknowledged for the detector's
// ceiling aborts the connection (ETIMEDOUT), and keepalive probes an idle one.
void tune(int fd, uint32_t userTimeoutMs) {
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ::setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
    ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &one, sizeof one);
    ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &one, sizeof one);
    int probes = 3;
    ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &probes, sizeof probes);
    unsigned int timeout = userTimeoutMs;
    ::setsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &timeout, sizeof timeout);
}

}  // namespace

struct PeerLink::Conn {
    UniqueFd fd;
    std::unique_ptr<tls::PskStream> tls;  ///< every byte after the TCP connect
    FrameReader reader;
    Bytes out;  ///< frames in clear, encrypted as they are written
    size_t out_offset = 0;
    PeerHandshake handshake;
    bool connecting = false;
    bool hello_sent = false;
    bool bye_received = false;
    int64_t started_ms = 0;
    Conn(UniqueFd f, PeerHandshake h, std::shared_ptr<tls::PskContext> context)
        : fd(std::move(f)),
          tls(std::make_unique<tls::PskStream>(std::move(context), fd.get())),
          handshake(std::move(h)) {}
};

PeerLink::PeerLink(const HookParameters& params, Bytes secret, FdWatcher& watcher,
                   Callbacks callbacks)
    : params_(params),
      secret_(std::move(secret)),
      tls_(tls::peerContext(params.role == Role::Primary ? tls::Role::Client : tls::Role::Server,
                            secret_)),
      watcher_(watcher),
      callbacks_(std::move(callbacks)) {}

PeerLink::~PeerLink() {
    if (active_) {
        // Unloading (reconfiguration, shutdown): tell the partner this is no crash.
        Bytes frame = encodeFrame(Bye{"unloading"});
        active_->out.insert(active_->out.end(), frame.begin(), frame.end());
        flush(*active_);
    }
    for (auto* conn : {active_.get(), pending_.get()}) {
        if (conn != nullptr) {
            watcher_.unwatch(conn->fd.get());
        }
    }
    if (listener_) {
        watcher_.unwatch(listener_.get());
    }
}

void PeerLink::start(int64_t nowMs) {
    now_ms_ = nowMs;
    if (params_.role == Role::Primary) {
        next_dial_ms_ = nowMs;
        return;
    }
    UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    int one = 1;
    ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    const sockaddr_in sa = socketAddress(params_.address, params_.port);
    if (!fd || ::bind(fd.get(), reinterpret_cast<const sockaddr*>(&sa), sizeof sa) != 0 ||
        ::listen(fd.get(), 8) != 0) {
        throw std::runtime_error("cannot listen on " + formatAddress(params_.address) + ":" +
                                 std::to_string(params_.port) + ": " + std::strerror(errno));
    }
    listener_ = std::move(fd);
    watcher_.watch(listener_.get(), [this] { acceptAll(now_ms_); });
}

std::unique_ptr<PeerLink::Conn> PeerLink::makeConn(UniqueFd fd, bool connecting, int64_t nowMs) {
    tune(fd.get(), params_.link_loss_ceiling_ms);
    auto conn = std::make_unique<Conn>(
        std::move(fd),
        PeerHandshake(secret_, params_.role, static_cast<uint16_t>(params_.split),
                      maas::randomBytes(kNonceBytes)),
        tls_);
    conn->connecting = connecting;
    conn->started_ms = nowMs;
    Conn* raw = conn.get();
    watcher_.watch(raw->fd.get(), [this, raw] { onReadable(raw); });
    if (!connecting) {
        conn->out = encodeFrame(conn->handshake.hello());
        conn->hello_sent = true;
        flush(*conn);
    }
    return conn;
}

void PeerLink::dial(int64_t nowMs) {
    next_dial_ms_ = nowMs + kRedialMs;
    UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd) {
        return;
    }
    const sockaddr_in own = socketAddress(params_.address, 0);
    ::bind(fd.get(), reinterpret_cast<const sockaddr*>(&own), sizeof own);  // best effort
    const sockaddr_in peer = socketAddress(params_.peer_address, params_.peer_port);
    const int rc = ::connect(fd.get(), reinterpret_cast<const sockaddr*>(&peer), sizeof peer);
    if (rc != 0 && errno != EINPROGRESS) {
        return;  // refused or unreachable: try again later
    }
    pending_ = makeConn(std::move(fd), rc != 0, nowMs);
}

void PeerLink::acceptAll(int64_t nowMs) {
    for (int i = 0; i < 16; ++i) {
        sockaddr_in from{};
        socklen_t length = sizeof from;
        UniqueFd fd(::accept4(listener_.get(), reinterpret_cast<sockaddr*>(&from), &length,
                              SOCK_NONBLOCK | SOCK_CLOEXEC));
        if (!fd) {
            return;
        }
        if (ntohl(from.sin_addr.s_addr) != params_.peer_address) {
            continue;  // only the configured partner may talk to us
        }
        if (pending_) {
            watcher_.unwatch(pending_->fd.get());
        }
        pending_ = makeConn(std::move(fd), false, nowMs);
    }
}

void PeerLink::tick(int64_t nowMs) {
    now_ms_ = nowMs;
    graveyard_.reset();
    if (params_.role == Role::Primary && !active_ && !pending_ && nowMs >= next_dial_ms_) {
        dial(nowMs);
    }
    if (pending_ && pending_->connecting) {
        pollfd p{pending_->fd.get(), POLLOUT, 0};
        if (::poll(&p, 1, 0) == 1) {
            int error = 0;
            socklen_t length = sizeof error;
            ::getsockopt(pending_->fd.get(), SOL_SOCKET, SO_ERROR, &error, &length);
            if (error != 0) {
                drop(pending_.get(), std::strerror(error), false);
            } else {
                pending_->connecting = false;
                pending_->out = encodeFrame(pending_->handshake.hello());
                pending_->hello_sent = true;
                flush(*pending_);
            }
        }
    }
    if (pending_ && !pending_->connecting && !flush(*pending_)) {
        drop(pending_.get(), "TLS handshake failed: " + pending_->tls->error(), true);
    }
    // A SYN lost in a blip would wait for the kernel's retry (1 s, then 3 s): dial afresh.
    if (pending_ && pending_->connecting && nowMs - pending_->started_ms > kConnectTimeoutMs) {
        drop(pending_.get(), "connect timed out", false);
    } else if (pending_ && nowMs - pending_->started_ms > kHandshakeTimeoutMs) {
        drop(pending_.get(), "handshake timed out", false);
    }
    if (active_ && !flush(*active_)) {
        drop(active_.get(), "write failed", false);
    }
}

bool PeerLink::up() const {
    return active_ != nullptr;
}

bool PeerLink::send(const PeerMessage& message) {
    if (!active_) {
        return false;
    }
    Bytes frame = encodeFrame(message);
    active_->out.insert(active_->out.end(), frame.begin(), frame.end());
    if (corked_ > 0) {
        return true;  // written when the frames at hand are handled (see onReadable)
    }
    if (!flush(*active_)) {
        drop(active_.get(), "write failed", false);
        return false;
    }
    return true;
}

void PeerLink::close(const std::string& reason) {
    if (active_) {
        Bytes frame = encodeFrame(Bye{reason.substr(0, kMaxHostname)});
        active_->out.insert(active_->out.end(), frame.begin(), frame.end());
        flush(*active_);
        drop(active_.get(), reason, false);
    }
}

bool PeerLink::flush(Conn& conn) {
    if (conn.connecting) {
        return true;
    }
    if (!conn.tls->established()) {
        const auto status = conn.tls->handshake();
        if (status == tls::IoStatus::WantRead || status == tls::IoStatus::WantWrite) {
            return true;  // the frames wait for the handshake
        }
        if (status != tls::IoStatus::Done) {
            return false;
        }
    }
    while (conn.out_offset < conn.out.size()) {
        const auto r =
            conn.tls->write(reinterpret_cast<const char*>(conn.out.data()) + conn.out_offset,
                            conn.out.size() - conn.out_offset);
        if (r.status == tls::IoStatus::Done) {
            conn.out_offset += r.bytes;
        } else if (r.status == tls::IoStatus::WantWrite || r.status == tls::IoStatus::WantRead) {
            return conn.out.size() - conn.out_offset <= kMaxOutput;
        } else {
            return false;
        }
    }
    conn.out.clear();
    conn.out_offset = 0;
    return true;
}

bool PeerLink::secure(Conn* conn) {
    const auto status = conn->tls->handshake();
    if (status == tls::IoStatus::Done) {
        if (!flush(*conn)) {  // our Hello, queued until now
            drop(conn, "write failed", false);
            return false;
        }
        return true;
    }
    if (status == tls::IoStatus::WantRead || status == tls::IoStatus::WantWrite) {
        return true;
    }
    // No shared secret (or not TLS at all): nothing was revealed, not even our Hello.
    drop(conn, "TLS handshake failed: " + conn->tls->error(), true);
    return false;
}

void PeerLink::onReadable(Conn* conn) {
    // Whatever the frames read now make us send (Acks, the next LeaseBatch) leaves in one
    // write: one syscall and one segment instead of one per frame.
    const Corked corked(*this);
    readAndDispatch(conn);
}

void PeerLink::uncork() {
    if (--corked_ == 0 && active_ && !flush(*active_)) {
        drop(active_.get(), "write failed", false);
    }
}

PeerLink::ReadEnd PeerLink::readRecords(Conn& conn) {
    char buffer[65536];
    // Decrypted bytes may wait inside TLS where the socket no longer signals them: read on
    // while there are any.
    for (int round = 0; round < 64 || conn.tls->hasBuffered(); ++round) {
        const auto r = conn.tls->read(buffer, sizeof buffer);
        if (r.status == tls::IoStatus::Done) {
            conn.reader.append(reinterpret_cast<const uint8_t*>(buffer), r.bytes);
        } else if (r.status == tls::IoStatus::WantRead || r.status == tls::IoStatus::WantWrite) {
            return ReadEnd::Open;
        } else if (r.status == tls::IoStatus::Closed) {
            return ReadEnd::Closed;
        } else {
            return conn.tls->socketErrno() == ECONNRESET ? ReadEnd::Reset : ReadEnd::Refused;
        }
    }
    return ReadEnd::Open;
}

void PeerLink::readAndDispatch(Conn* conn) {
    const bool isActive = conn == active_.get();
    if (conn->connecting) {
        tick(now_ms_);  // completes (or fails) the connect
        return;
    }
    if (!conn->tls->established() && (!secure(conn) || !conn->tls->established())) {
        return;
    }
    // The frames that arrived before an end are handled first: a Bye right before the close
    // tells a clean leave from a crash.
    const ReadEnd end = readRecords(*conn);
    if (!dispatchFrames(conn, isActive) || end == ReadEnd::Open) {
        return;
    }
    if (end == ReadEnd::Closed) {
        drop(conn, conn->bye_received ? "partner said goodbye" : "partner closed the connection",
             false, isActive && !conn->bye_received);
    } else if (end == ReadEnd::Reset) {
        drop(conn, "receive failed: " + conn->tls->error(), false, isActive && !conn->bye_received);
    } else {
        // A record that fails authentication (changed, replayed, injected) ends the link.
        drop(conn, "TLS record refused: " + conn->tls->error(), !isActive);
    }
}

bool PeerLink::dispatchFrames(Conn* conn, bool isActive) {
    try {
        while (auto body = conn->reader.next()) {
            PeerMessage message = decodeBody(body->data(), body->size());
            if (isActive && std::holds_alternative<Bye>(message)) {
                conn->bye_received = true;
            } else if (isActive) {
                callbacks_.onMessage(message);
                if (conn != active_.get()) {
                    return false;  // the callback closed the link
                }
            } else {
                handshakeStep(*conn, message);
                if (conn != pending_.get() && conn != active_.get()) {
                    return false;
                }
                if (conn == active_.get()) {
                    onReadable(conn);  // frames right behind the proof
                    return false;
                }
            }
        }
    } catch (const WireError& e) {
        drop(conn, std::string("protocol error: ") + e.what(), !isActive);
        return false;
    }
    return true;
}

void PeerLink::sendDuringHandshake(Conn& conn, const PeerMessage& message) {
    Bytes frame = encodeFrame(message);
    conn.out.insert(conn.out.end(), frame.begin(), frame.end());
    flush(conn);
}

void PeerLink::handshakeStep(Conn& conn, const PeerMessage& message) {
    if (const auto* hello = std::get_if<Hello>(&message)) {
        auto proof = conn.handshake.onHello(*hello);
        if (conn.handshake.status() == PeerHandshake::Status::Failed) {
            drop(&conn, conn.handshake.failure(), true);
            return;
        }
        if (proof) {
            sendDuringHandshake(conn, *proof);
        }
    } else if (const auto* proof = std::get_if<Proof>(&message)) {
        if (!conn.handshake.onProof(*proof)) {
            // Tell the prover why (nothing secret): otherwise it would only see a close.
            sendDuringHandshake(conn, Bye{"authentication failed"});
            drop(&conn, conn.handshake.failure(), true);
            return;
        }
        if (auto own = conn.handshake.proofAfterVerification()) {
            sendDuringHandshake(conn, *own);  // the secondary's, now that the primary proved
        }
        peer_split_ = conn.handshake.peerSplit();
        promote();
    } else if (const auto* bye = std::get_if<Bye>(&message)) {
        drop(&conn, "partner refused the handshake: " + bye->reason, true);
    } else {
        drop(&conn, "message before authentication", true);
    }
}

void PeerLink::promote() {
    if (active_) {
        drop(active_.get(), "replaced by a new connection from the partner", false);
    }
    active_ = std::move(pending_);
    callbacks_.onUp();
}

void PeerLink::drop(Conn* conn, const std::string& reason, bool authFailure, bool crashed) {
    watcher_.unwatch(conn->fd.get());
    if (conn == active_.get()) {
        // Keep the Conn alive until the callback returned: the caller may be inside onReadable.
        std::unique_ptr<Conn> gone = std::move(active_);
        callbacks_.onDown(reason, crashed);
        graveyard_ = std::move(gone);
    } else if (conn == pending_.get()) {
        graveyard_ = std::move(pending_);
        if (authFailure) {
            callbacks_.onAuthFailure(reason);
        }
    }
    if (params_.role == Role::Primary) {
        next_dial_ms_ = now_ms_ + kRedialMs;
    }
}

}  // namespace maas::hooks
