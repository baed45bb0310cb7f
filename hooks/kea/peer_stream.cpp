#include "peer_stream.h"

#include <sys/socket.h>

#include <cerrno>
#include <string>

namespace maas::hooks {

PeerStream::PeerStream(UniqueFd fd, std::shared_ptr<tls::PskContext> context, size_t maxOutput)
    : fd_(std::move(fd)),
      tls_(std::make_unique<tls::PskStream>(std::move(context), fd_.get())),
      max_output_(maxOutput) {}

void PeerStream::queue(const PeerMessage& message) {
    Bytes frame = encodeFrame(message);
    out_.insert(out_.end(), frame.begin(), frame.end());
}

bool PeerStream::flush() {
    if (!tls_->established()) {
        const auto status = tls_->handshake();
        if (status == tls::IoStatus::WantRead || status == tls::IoStatus::WantWrite) {
            return true;  // the frames wait for the handshake
        }
        if (status != tls::IoStatus::Done) {
            write_failure_ = "TLS handshake: " + tls_->error();
            return false;
        }
    }
    while (out_offset_ < out_.size()) {
        const auto r = tls_->write(reinterpret_cast<const char*>(out_.data()) + out_offset_,
                                   out_.size() - out_offset_);
        if (r.status == tls::IoStatus::Done) {
            out_offset_ += r.bytes;
        } else if (r.status == tls::IoStatus::WantWrite || r.status == tls::IoStatus::WantRead) {
            if (unwritten() <= max_output_) {
                return true;  // the rest waits for the next flush
            }
            write_failure_ =
                "partner not reading: " + std::to_string(unwritten()) + " bytes queued";
            return false;
        } else {
            write_failure_ = tls_->error();
            return false;
        }
    }
    out_.clear();
    out_offset_ = 0;
    return true;
}

PeerStream::ReadEnd PeerStream::read() {
    char buffer[65536];
    // Decrypted bytes may wait inside TLS where the socket no longer signals them: read on
    // while there are any.
    for (int round = 0; round < 64 || tls_->hasBuffered(); ++round) {
        const auto r = tls_->read(buffer, sizeof buffer);
        if (r.status == tls::IoStatus::Done) {
            reader_.append(reinterpret_cast<const uint8_t*>(buffer), r.bytes);
        } else if (r.status == tls::IoStatus::WantRead || r.status == tls::IoStatus::WantWrite) {
            return ReadEnd::Open;
        } else if (r.status == tls::IoStatus::Closed) {
            return ReadEnd::Closed;
        } else {
            return tls_->socketErrno() == ECONNRESET ? ReadEnd::Reset : ReadEnd::Refused;
        }
    }
    return ReadEnd::Open;
}

void PeerStream::leave() {
    tls_->shutdown();
    ::shutdown(fd_.get(), SHUT_WR);
    // Bounded: a partner still sending gets its reset only after our FIN.
    char discard[16384];
    for (int round = 0; round < 64; ++round) {
        if (::recv(fd_.get(), discard, sizeof discard, MSG_DONTWAIT) <= 0) {
            break;
        }
    }
}

}  // namespace maas::hooks
