// PeerLink's lifecycle: the listener or the dial, connects completing, timeouts, sending and
// dropping. Reading and the handshake are in peer_link_handshake.cpp, the bytes and frames of
// one connection in peer_stream.cpp, the TCP calls in peer_socket.cpp.
#include "peer_link.h"

#include <cstring>

#include "maas/common/secret.h"
#include "peer_link_conn.h"
#include "peer_socket.h"

namespace maas::hooks {

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
        active_->stream.queue(Bye{"unloading"});
        flush(*active_);
        active_->stream.leave();
    }
    for (auto* conn : {active_.get(), pending_.get()}) {
        if (conn != nullptr) {
            watcher_.unwatch(conn->stream.fd());
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
    listener_ = peer_socket::listenOn(params_.address, params_.port);
    watcher_.watch(listener_.get(), [this] { acceptAll(now_ms_); });
}

std::unique_ptr<PeerLink::Conn> PeerLink::makeConn(UniqueFd fd, bool connecting, int64_t nowMs) {
    peer_socket::tune(fd.get(), params_.link_loss_ceiling_ms);
    auto conn = std::make_unique<Conn>(
        std::move(fd), tls_,
        PeerHandshake(secret_, params_.role, static_cast<uint16_t>(params_.split),
                      maas::randomBytes(kNonceBytes)));
    conn->connecting = connecting;
    conn->started_ms = nowMs;
    Conn* raw = conn.get();
    watcher_.watch(raw->stream.fd(), [this, raw] { onReadable(raw); });
    if (!connecting) {
        sendHello(*conn);
    }
    return conn;
}

void PeerLink::sendHello(Conn& conn) {
    conn.stream.queue(conn.handshake.hello());
    flush(conn);
}

void PeerLink::dial(int64_t nowMs) {
    next_dial_ms_ = nowMs + peer_socket::kRedialMs;
    auto dialed = peer_socket::dial(params_.address, params_.peer_address, params_.peer_port);
    if (dialed.fd) {
        pending_ = makeConn(std::move(dialed.fd), dialed.in_progress, nowMs);
    }
}

void PeerLink::acceptAll(int64_t nowMs) {
    for (int i = 0; i < 16; ++i) {
        uint32_t from = 0;
        UniqueFd fd = peer_socket::acceptNext(listener_.get(), from);
        if (!fd) {
            return;
        }
        if (from != params_.peer_address) {
            continue;  // only the configured partner may talk to us
        }
        if (pending_) {
            watcher_.unwatch(pending_->stream.fd());
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
    completeConnect();
    if (pending_ && !pending_->connecting && !flush(*pending_)) {
        drop(pending_.get(), "TLS handshake failed: " + pending_->stream.error(), true);
    }
    expirePending(nowMs);
    if (active_ && !flush(*active_)) {
        drop(active_.get(), "write failed: " + active_->stream.writeFailure(), false);
    }
    // Frames that arrived while the main loop was held elsewhere count before the caller judges
    // the partner's silence: Kea serves one ready external socket per turn of its loop, and the
    // tick's timer may come before the link's socket.
    if (active_ && peer_socket::readable(active_->stream.fd())) {
        onReadable(active_.get());
    }
}

void PeerLink::completeConnect() {
    if (!pending_ || !pending_->connecting) {
        return;
    }
    int error = 0;
    switch (peer_socket::connectOutcome(pending_->stream.fd(), error)) {
        case peer_socket::ConnectOutcome::Pending:
            return;
        case peer_socket::ConnectOutcome::Failed:
            drop(pending_.get(), std::strerror(error), false);
            return;
        case peer_socket::ConnectOutcome::Connected:
            pending_->connecting = false;
            sendHello(*pending_);
            return;
    }
}

void PeerLink::expirePending(int64_t nowMs) {
    if (pending_ && pending_->connecting &&
        nowMs - pending_->started_ms > peer_socket::kConnectTimeoutMs) {
        drop(pending_.get(), "connect timed out", false);
    } else if (pending_ && nowMs - pending_->started_ms > peer_socket::kHandshakeTimeoutMs) {
        drop(pending_.get(), "handshake timed out", false);
    }
}

bool PeerLink::up() const {
    return active_ != nullptr;
}

bool PeerLink::send(const PeerMessage& message) {
    if (!active_) {
        return false;
    }
    active_->stream.queue(message);
    if (corked_ > 0) {
        return true;  // written when the frames at hand are handled (see onReadable)
    }
    if (!flush(*active_)) {
        drop(active_.get(), "write failed: " + active_->stream.writeFailure(), false);
        return false;
    }
    return true;
}

void PeerLink::close(const std::string& reason) {
    if (active_) {
        active_->stream.queue(Bye{reason.substr(0, kMaxHostname)});
        flush(*active_);
        drop(active_.get(), reason, false);
    }
}

bool PeerLink::flush(Conn& conn) {
    return conn.connecting || conn.stream.flush();
}

void PeerLink::uncork() {
    if (--corked_ == 0 && active_ && !flush(*active_)) {
        drop(active_.get(), "write failed: " + active_->stream.writeFailure(), false);
    }
}

void PeerLink::drop(Conn* conn, const std::string& reason, bool authFailure, bool crashed) {
    watcher_.unwatch(conn->stream.fd());
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
        next_dial_ms_ = now_ms_ + peer_socket::kRedialMs;
    }
}

}  // namespace maas::hooks
