#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace maas::rpc {

/// A frame is a 4-byte big-endian payload length followed by the payload.
inline constexpr size_t kFrameHeaderBytes = 4;
/// Hard cap on one payload; a peer announcing more is dropped before anything is buffered.
inline constexpr uint32_t kMaxFrameBytes = 1u << 20;

class FrameError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Header plus payload; throws FrameError when the payload exceeds max_payload.
std::string encodeFrame(std::string_view payload, uint32_t max_payload = kMaxFrameBytes);

/// Incremental decoder: bytes in, whole payloads out, in order.
class FrameDecoder {
  public:
    enum class Status { Ok, Oversize, Empty };

    explicit FrameDecoder(uint32_t max_payload = kMaxFrameBytes) : max_payload_(max_payload) {}

    /// Consumes bytes. Returns Oversize (or Empty for a zero-length frame) at the first bad
    /// header; the decoder then stays failed and the connection must be closed.
    Status feed(const char* data, size_t size);
    /// The next complete payload, if any.
    std::optional<std::string> next();
    bool failed() const { return status_ != Status::Ok; }
    /// Changes the cap for frames whose header has not arrived yet (a server raises it once
    /// the peer has authenticated).
    void setMaxPayload(uint32_t max_payload) { max_payload_ = max_payload; }
    /// Bytes of the partial frame being assembled.
    size_t pendingBytes() const { return partial_.size(); }

  private:
    uint32_t max_payload_;
    Status status_ = Status::Ok;
    std::string partial_;
    std::optional<uint32_t> expected_;
    std::deque<std::string> complete_;
};

}  // namespace maas::rpc
