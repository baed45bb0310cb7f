// PeerLink's reading side: TLS first, then the HMAC handshake (PeerHandshake) on a pending
// connection, then the partner's frames on the authenticated one.
#include "peer_link.h"
#include "peer_link_conn.h"

namespace maas::hooks {

bool PeerLink::secure(Conn* conn) {
    const auto status = conn->stream.secure();
    if (status == tls::IoStatus::Done) {
        if (!flush(*conn)) {  // our Hello, queued until now
            drop(conn, "write failed: " + conn->stream.writeFailure(), false);
            return false;
        }
        return true;
    }
    if (status == tls::IoStatus::WantRead || status == tls::IoStatus::WantWrite) {
        return true;
    }
    // No shared secret (or not TLS at all): nothing was revealed, not even our Hello.
    drop(conn, "TLS handshake failed: " + conn->stream.error(), true);
    return false;
}

void PeerLink::onReadable(Conn* conn) {
    // Whatever the frames read now make us send (Acks, the next LeaseBatch) leaves in one
    // write: one syscall and one segment instead of one per frame.
    const Corked corked(*this);
    readAndDispatch(conn);
}

void PeerLink::readAndDispatch(Conn* conn) {
    const bool isActive = conn == active_.get();
    if (conn->connecting) {
        tick(now_ms_);  // completes (or fails) the connect
        return;
    }
    if (!conn->stream.established() && (!secure(conn) || !conn->stream.established())) {
        return;
    }
    // The frames that arrived before an end are handled first: a Bye right before the close
    // tells a clean leave from a crash.
    const PeerStream::ReadEnd end = conn->stream.read();
    if (!dispatchFrames(conn, isActive) || end == PeerStream::ReadEnd::Open) {
        return;
    }
    if (conn->bye_received && end != PeerStream::ReadEnd::Refused) {
        // A reset after the Bye (the partner's kernel still held our frames) is a leave too.
        drop(conn, "partner said goodbye", false, false);
    } else if (end == PeerStream::ReadEnd::Closed) {
        drop(conn, "partner closed the connection", false, isActive);
    } else if (end == PeerStream::ReadEnd::Reset) {
        drop(conn, "receive failed: " + conn->stream.error(), false, isActive);
    } else {
        // A record that fails authentication (changed, replayed, injected) ends the link.
        drop(conn, "TLS record refused: " + conn->stream.error(), !isActive);
    }
}

bool PeerLink::dispatchFrames(Conn* conn, bool isActive) {
    try {
        while (auto body = conn->stream.nextBody()) {
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
    conn.stream.queue(message);
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

}  // namespace maas::hooks
