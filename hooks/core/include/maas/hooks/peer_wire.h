#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "maas/hooks/ha_state.h"
#include "maas/hooks/lease_record.h"
#include "maas/hooks/parameters.h"

namespace maas::hooks {

/// The peer protocol: frames of a 4-byte big-endian body length, then a type byte and a payload.
/// Every field is bounds-checked; anything malformed raises WireError and the link is closed.
inline constexpr uint16_t kProtocolVersion = 2;  ///< 2: SyncPage carries the sync epoch
inline constexpr size_t kMaxFrameBody = 1U << 20;
inline constexpr size_t kMaxLeasesPerMessage = 5000;
inline constexpr size_t kMaxHwAddress = 20;
inline constexpr size_t kMaxClientId = 255;
inline constexpr size_t kMaxHostname = 255;
inline constexpr size_t kNonceBytes = 32;
inline constexpr size_t kMacBytes = 32;

class WireError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

enum class MessageType : uint8_t {
    Hello = 1,
    Proof = 2,
    Heartbeat = 3,
    LeaseBatch = 4,
    Ack = 5,
    SyncRequest = 6,
    SyncPage = 7,
    Bye = 8,
};

/// First message each way: who we are and a fresh challenge for the partner.
struct Hello {
    uint16_t version = kProtocolVersion;
    Role role = Role::Primary;
    uint16_t split = 255;
    Bytes nonce;
    bool operator==(const Hello&) const = default;
};
/// Answer to the partner's challenge: HMAC over both nonces; the secret itself never travels.
struct Proof {
    Bytes mac;
    bool operator==(const Proof&) const = default;
};
struct Heartbeat {
    HaState state = HaState::Startup;
    int64_t clock_ms = 0;  ///< sender's wall clock, for skew detection
    uint32_t backlog = 0;
    bool pull_from_me = false;  ///< sender lost updates for us (backlog overflow): resync
    bool operator==(const Heartbeat&) const = default;
};
/// Lease changes numbered first_seq, first_seq + 1, ...
struct LeaseBatch {
    uint64_t first_seq = 0;
    std::vector<LeaseRecord> leases;
    bool operator==(const LeaseBatch&) const = default;
};
/// The partner stored seq [first_seq, first_seq + count) except those listed as failed.
struct Ack {
    uint64_t first_seq = 0;
    uint32_t count = 0;
    std::vector<uint64_t> failed;
    bool operator==(const Ack&) const = default;
};
struct SyncRequest {
    bool from_start = true;
    uint32_t after = 0;  ///< last address of the previous page
    uint32_t limit = 1000;
    bool operator==(const SyncRequest&) const = default;
};
struct SyncPage {
    std::vector<LeaseRecord> leases;
    bool last = false;
    uint64_t epoch = 0;  ///< the serving side's sync epoch (sync_cursor.h): resume or start over
    bool operator==(const SyncPage&) const = default;
};

/// Sent before a deliberate close, so the partner can tell it from a crash (a bare EOF).
struct Bye {
    std::string reason;
    bool operator==(const Bye&) const = default;
};

/// Anything one DHCP HA peer sends the other.
using PeerMessage =
    std::variant<Hello, Proof, Heartbeat, LeaseBatch, Ack, SyncRequest, SyncPage, Bye>;

/// Whole frame, length prefix included. Throws WireError when a field exceeds its cap.
Bytes encodeFrame(const PeerMessage& message);
/// The same frame appended to out; when a field exceeds its cap, out is left as it was.
void appendFrame(Bytes& out, const PeerMessage& message);
/// Decodes one frame body (type byte + payload). Throws WireError on anything malformed.
PeerMessage decodeBody(const uint8_t* data, size_t size);

/// Splits a byte stream into frame bodies; rejects oversize or empty frames before buffering them.
class FrameReader {
  public:
    void append(const uint8_t* data, size_t size);
    /// The next complete body, if one has arrived.
    std::optional<Bytes> next();
    size_t buffered() const { return buffer_.size() - offset_; }

  private:
    Bytes buffer_;
    size_t offset_ = 0;
};

}  // namespace maas::hooks
