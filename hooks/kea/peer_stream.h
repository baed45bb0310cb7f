#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "maas/common/tls_psk.h"
#include "maas/common/unique_fd.h"
#include "maas/hooks/peer_wire.h"

namespace maas::hooks {

/// A partner that stops reading while this much is queued for it is given up on.
inline constexpr size_t kMaxPeerOutput = 64U << 20;

/// The frames of one peer connection: TLS over the non-blocking TCP socket it owns, the bytes
/// read but not yet a whole frame, and the frames still to leave. Every call returns at once;
/// what could not be written waits here for the next flush.
class PeerStream {
  public:
    PeerStream(UniqueFd fd, std::shared_ptr<tls::PskContext> context,
               size_t maxOutput = kMaxPeerOutput);
    PeerStream(const PeerStream&) = delete;
    PeerStream& operator=(const PeerStream&) = delete;

    int fd() const { return fd_.get(); }
    bool established() const { return tls_->established(); }
    /// Drives the TLS handshake: Done, WantRead/WantWrite, or a failure (see error()).
    tls::IoStatus secure() { return tls_->handshake(); }
    const std::string& error() const { return tls_->error(); }

    /// Appends a frame to the output; flush() writes it.
    void queue(const PeerMessage& message);
    /// Writes what is queued once TLS is up (driving its handshake first). False: the link is
    /// over (TLS failed, or more than maxOutput waits for a partner that does not read).
    bool flush();
    /// Why the last flush() returned false: the socket's error (ETIMEDOUT: the partner's kernel
    /// acknowledged nothing for TCP_USER_TIMEOUT; ECONNRESET or EPIPE: it closed), TLS's, or
    /// the output cap.
    const std::string& writeFailure() const { return write_failure_; }
    /// Bytes queued and not yet written.
    size_t unwritten() const { return out_.size() - out_offset_; }

    /// How a read of the TLS stream ended: still open, closed by the partner, reset, or a
    /// record TLS refused.
    enum class ReadEnd { Open, Closed, Reset, Refused };
    /// Reads what the socket holds into the frame buffer.
    ReadEnd read();
    /// Closes as a leaving side: close_notify and FIN after what was written, and whatever the
    /// partner sent discarded unread, so the kernel ends the connection with a FIN and not with
    /// a reset that could overtake the last frames (a Bye) on their way to the partner.
    void leave();
    /// The next whole frame's body, if one has arrived.
    std::optional<Bytes> nextBody() { return reader_.next(); }

  private:
    UniqueFd fd_;
    std::unique_ptr<tls::PskStream> tls_;  ///< every byte after the TCP connect
    FrameReader reader_;
    Bytes out_;  ///< frames in clear, encrypted as they are written
    size_t out_offset_ = 0;
    size_t max_output_;
    std::string write_failure_;
};

}  // namespace maas::hooks
