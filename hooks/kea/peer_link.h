#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "fd_watcher.h"
#include "maas/common/tls_psk.h"
#include "maas/common/unique_fd.h"
#include "maas/hooks/peer_handshake.h"
#include "maas/hooks/peer_wire.h"

namespace maas::hooks {

/// The one persistent, authenticated connection to the partner. The primary dials, the
/// secondary listens. Every byte after the TCP connect is TLS 1.3 keyed by a pre-shared key
/// derived from the shared secret (its own HKDF label): a peer without the secret cannot finish
/// the TLS handshake, and a changed, dropped or injected record ends the link; nothing is ever
/// sent in clear. Inside it, the HMAC handshake (PeerHandshake) still runs first, and nothing
/// but that handshake is read until the partner proved the secret.
/// All methods run on the server's main loop (callers serialise). The parts: TCP in
/// peer_socket, one connection's frames over TLS in PeerStream, the handshake's logic in
/// PeerHandshake (hooks/core).
class PeerLink {
  public:
    struct Callbacks {
        std::function<void()> onUp;
        std::function<void(const PeerMessage&)> onMessage;
        /// partnerCrashed: the partner's kernel closed the connection without a Bye, so its
        /// process is gone (a partition or a deliberate close never looks like that).
        std::function<void(const std::string& reason, bool partnerCrashed)> onDown;
        std::function<void(const std::string& reason)> onAuthFailure;
    };

    PeerLink(const HookParameters& params, Bytes secret, FdWatcher& watcher, Callbacks callbacks);
    ~PeerLink();
    PeerLink(const PeerLink&) = delete;
    PeerLink& operator=(const PeerLink&) = delete;

    /// Opens the listener (secondary) or schedules the first dial (primary).
    void start(int64_t nowMs);
    /// Dials again when due, completes connects, times out handshakes, flushes output, and
    /// reads what the partner sent meanwhile (onMessage runs for it before tick returns).
    void tick(int64_t nowMs);
    bool up() const;
    /// Queues a frame for the authenticated partner; false when the link is down.
    bool send(const PeerMessage& message);
    /// Says Bye and drops the authenticated connection; onDown runs.
    void close(const std::string& reason);
    uint16_t peerSplit() const { return peer_split_; }

    /// While one lives, send() only queues; what was queued leaves in one write at its end.
    class Corked {
      public:
        explicit Corked(PeerLink& link) : link_(link) { ++link_.corked_; }
        ~Corked() { link_.uncork(); }
        Corked(const Corked&) = delete;
        Corked& operator=(const Corked&) = delete;

      private:
        PeerLink& link_;
    };

  private:
    struct Conn;

    // The link's lifecycle (peer_link.cpp): listening, dialing, timeouts, dropping.
    void dial(int64_t nowMs);
    void acceptAll(int64_t nowMs);
    void completeConnect();
    void expirePending(int64_t nowMs);
    std::unique_ptr<Conn> makeConn(UniqueFd fd, bool connecting, int64_t nowMs);
    void sendHello(Conn& conn);
    void uncork();
    void drop(Conn* conn, const std::string& reason, bool authFailure, bool crashed = false);
    /// Writes what is queued once TLS is up (driving its handshake first); false: link over.
    static bool flush(Conn& conn);

    // Reading and the handshake (peer_link_handshake.cpp).
    void onReadable(Conn* conn);
    void readAndDispatch(Conn* conn);
    /// Drives the TLS handshake on a readable socket; false when conn was dropped.
    bool secure(Conn* conn);
    /// Handles the whole frames read; false when conn was dropped or handed on meanwhile.
    bool dispatchFrames(Conn* conn, bool isActive);
    void handshakeStep(Conn& conn, const PeerMessage& message);
    void sendDuringHandshake(Conn& conn, const PeerMessage& message);
    void promote();

    HookParameters params_;
    Bytes secret_;
    std::shared_ptr<tls::PskContext> tls_;  ///< this side's peer-link TLS context
    FdWatcher& watcher_;
    Callbacks callbacks_;
    UniqueFd listener_;
    std::unique_ptr<Conn> active_;     ///< authenticated
    std::unique_ptr<Conn> pending_;    ///< connecting or in handshake
    std::unique_ptr<Conn> graveyard_;  ///< dropped during a callback; freed on the next tick
    int64_t next_dial_ms_ = 0;
    int64_t now_ms_ = 0;
    uint16_t peer_split_ = 0;
    int corked_ = 0;  ///< > 0 while frames are dispatched: send() only queues
};

}  // namespace maas::hooks
