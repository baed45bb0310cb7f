#include "maas/hooks/peer_wire.h"

#include <string>

namespace maas::hooks {

namespace {

// Appends to a buffer the caller owns (a stream's output), so a frame is built in place.
class Writer {
  public:
    explicit Writer(Bytes& out) : out_(out) {}
    void u8(uint8_t v) { out_.push_back(v); }
    void u16(uint16_t v) { be(v, 2); }
    void u32(uint32_t v) { be(v, 4); }
    void u64(uint64_t v) { be(v, 8); }
    void bytes(const Bytes& v, size_t cap, const char* field) {
        bytes(v.data(), v.size(), cap, field);
    }
    void text(const std::string& v, size_t cap, const char* field) {
        bytes(reinterpret_cast<const uint8_t*>(v.data()), v.size(), cap, field);
    }

  private:
    void bytes(const uint8_t* data, size_t size, size_t cap, const char* field) {
        if (size > cap) {
            throw WireError(std::string(field) + " longer than " + std::to_string(cap));
        }
        u16(static_cast<uint16_t>(size));
        out_.insert(out_.end(), data, data + size);
    }
    void be(uint64_t v, int width) {
        for (int i = width - 1; i >= 0; --i) {
            out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
        }
    }
    Bytes& out_;
};

class Reader {
  public:
    Reader(const uint8_t* data, size_t size) : data_(data), size_(size) {}
    uint8_t u8() { return static_cast<uint8_t>(be(1)); }
    uint16_t u16() { return static_cast<uint16_t>(be(2)); }
    uint32_t u32() { return static_cast<uint32_t>(be(4)); }
    uint64_t u64() { return be(8); }
    Bytes bytes(size_t cap, const char* field) {
        const size_t length = u16();
        if (length > cap) {
            throw WireError(std::string(field) + ": length " + std::to_string(length) +
                            " exceeds " + std::to_string(cap));
        }
        need(length, field);
        Bytes v(data_ + pos_, data_ + pos_ + length);
        pos_ += length;
        return v;
    }
    std::string text(size_t cap, const char* field) {
        Bytes v = bytes(cap, field);
        return std::string(v.begin(), v.end());
    }
    bool flag(const char* field) {
        const uint8_t v = u8();
        if (v > 1) {
            throw WireError(std::string(field) + ": not a boolean");
        }
        return v == 1;
    }
    void finish() const {
        if (pos_ != size_) {
            throw WireError(std::to_string(size_ - pos_) + " trailing bytes");
        }
    }

  private:
    void need(size_t count, const char* field) const {
        if (size_ - pos_ < count) {
            throw WireError(std::string("truncated ") + field);
        }
    }
    uint64_t be(int width) {
        need(static_cast<size_t>(width), "integer");
        uint64_t v = 0;
        for (int i = 0; i < width; ++i) {
            v = (v << 8) | data_[pos_++];
        }
        return v;
    }
    const uint8_t* data_;
    size_t size_;
    size_t pos_ = 0;
};

HaState readState(Reader& r) {
    const uint8_t v = r.u8();
    // A partner never reports standalone: a server in it has no peer link.
    if (v >= kHaStateCount || static_cast<HaState>(v) == HaState::Standalone) {
        throw WireError("unknown state " + std::to_string(v));
    }
    return static_cast<HaState>(v);
}

void writeLeases(Writer& w, const std::vector<LeaseRecord>& leases) {
    if (leases.size() > kMaxLeasesPerMessage) {
        throw WireError("more than " + std::to_string(kMaxLeasesPerMessage) + " leases");
    }
    w.u32(static_cast<uint32_t>(leases.size()));
    for (const auto& l : leases) {
        w.u8(static_cast<uint8_t>(l.op));
        w.u32(l.address);
        w.bytes(l.hw_address, kMaxHwAddress, "hw-address");
        w.bytes(l.client_id, kMaxClientId, "client-id");
        w.u32(l.valid_lifetime);
        w.u64(static_cast<uint64_t>(l.cltt));
        w.u32(l.subnet_id);
        w.u32(l.state);
        w.text(l.hostname, kMaxHostname, "hostname");
        w.u8(static_cast<uint8_t>((l.fqdn_forward ? 1 : 0) | (l.fqdn_reverse ? 2 : 0)));
    }
}

std::vector<LeaseRecord> readLeases(Reader& r) {
    const uint32_t count = r.u32();
    if (count > kMaxLeasesPerMessage) {
        throw WireError("lease count " + std::to_string(count) + " exceeds cap");
    }
    std::vector<LeaseRecord> leases;
    leases.reserve(count);
    for (uint32_t i = 0; i < count; ++i) {
        LeaseRecord l;
        const uint8_t op = r.u8();
        if (op != 1 && op != 2) {
            throw WireError("unknown lease op " + std::to_string(op));
        }
        l.op = static_cast<LeaseRecord::Op>(op);
        l.address = r.u32();
        l.hw_address = r.bytes(kMaxHwAddress, "hw-address");
        l.client_id = r.bytes(kMaxClientId, "client-id");
        l.valid_lifetime = r.u32();
        l.cltt = static_cast<int64_t>(r.u64());
        l.subnet_id = r.u32();
        l.state = r.u32();
        l.hostname = r.text(kMaxHostname, "hostname");
        const uint8_t fqdn = r.u8();
        if (fqdn > 3) {
            throw WireError("bad fqdn flags");
        }
        l.fqdn_forward = (fqdn & 1) != 0;
        l.fqdn_reverse = (fqdn & 2) != 0;
        leases.push_back(std::move(l));
    }
    return leases;
}

void encodePayload(Writer& w, const Hello& m) {
    w.u16(m.version);
    w.u8(static_cast<uint8_t>(m.role));
    w.u16(m.split);
    w.bytes(m.nonce, kNonceBytes, "nonce");
}
void encodePayload(Writer& w, const Proof& m) {
    w.bytes(m.mac, kMacBytes, "mac");
}
void encodePayload(Writer& w, const Heartbeat& m) {
    w.u8(static_cast<uint8_t>(m.state));
    w.u64(static_cast<uint64_t>(m.clock_ms));
    w.u32(m.backlog);
    w.u8(m.pull_from_me ? 1 : 0);
}
void encodePayload(Writer& w, const LeaseBatch& m) {
    w.u64(m.first_seq);
    writeLeases(w, m.leases);
}
void encodePayload(Writer& w, const Ack& m) {
    if (m.failed.size() > m.count || m.failed.size() > kMaxLeasesPerMessage) {
        throw WireError("more failures than acknowledged updates");
    }
    w.u64(m.first_seq);
    w.u32(m.count);
    w.u32(static_cast<uint32_t>(m.failed.size()));
    for (uint64_t seq : m.failed) {
        w.u64(seq);
    }
}
void encodePayload(Writer& w, const SyncRequest& m) {
    w.u8(m.from_start ? 1 : 0);
    w.u32(m.after);
    w.u32(m.limit);
}
void encodePayload(Writer& w, const Bye& m) {
    w.text(m.reason, kMaxHostname, "reason");
}
void encodePayload(Writer& w, const SyncPage& m) {
    writeLeases(w, m.leases);
    w.u8(m.last ? 1 : 0);
    w.u64(m.epoch);
}

}  // namespace

void appendFrame(Bytes& out, const PeerMessage& message) {
    const size_t start = out.size();
    try {
        Writer w(out);
        w.u32(0);  // the body's length, set below
        w.u8(static_cast<uint8_t>(message.index() + 1));
        std::visit([&](const auto& m) { encodePayload(w, m); }, message);
        const size_t body = out.size() - start - 4;
        if (body > kMaxFrameBody) {
            throw WireError("frame of " + std::to_string(body) + " bytes exceeds cap");
        }
        for (int i = 0; i < 4; ++i) {
            out[start + i] = static_cast<uint8_t>(body >> (8 * (3 - i)));
        }
    } catch (...) {
        out.resize(start);  // a refused frame leaves nothing behind
        throw;
    }
}

Bytes encodeFrame(const PeerMessage& message) {
    Bytes out;
    appendFrame(out, message);
    return out;
}

PeerMessage decodeBody(const uint8_t* data, size_t size) {
    Reader r(data, size);
    const uint8_t type = r.u8();
    PeerMessage message;
    switch (static_cast<MessageType>(type)) {
        case MessageType::Hello: {
            Hello m;
            m.version = r.u16();
            const uint8_t role = r.u8();
            if (role > 1) {
                throw WireError("unknown role " + std::to_string(role));
            }
            m.role = static_cast<Role>(role);
            m.split = r.u16();
            if (m.split > 256) {
                throw WireError("split out of range");
            }
            m.nonce = r.bytes(kNonceBytes, "nonce");
            if (m.nonce.size() != kNonceBytes) {
                throw WireError("nonce must be 32 bytes");
            }
            message = std::move(m);
            break;
        }
        case MessageType::Proof: {
            Proof m;
            m.mac = r.bytes(kMacBytes, "mac");
            if (m.mac.size() != kMacBytes) {
                throw WireError("mac must be 32 bytes");
            }
            message = std::move(m);
            break;
        }
        case MessageType::Heartbeat: {
            Heartbeat m;
            m.state = readState(r);
            m.clock_ms = static_cast<int64_t>(r.u64());
            m.backlog = r.u32();
            m.pull_from_me = r.flag("pull-from-me");
            message = m;
            break;
        }
        case MessageType::LeaseBatch: {
            LeaseBatch m;
            m.first_seq = r.u64();
            m.leases = readLeases(r);
            message = std::move(m);
            break;
        }
        case MessageType::Ack: {
            Ack m;
            m.first_seq = r.u64();
            m.count = r.u32();
            const uint32_t failed = r.u32();
            if (failed > m.count || failed > kMaxLeasesPerMessage) {
                throw WireError("more failures than acknowledged updates");
            }
            for (uint32_t i = 0; i < failed; ++i) {
                m.failed.push_back(r.u64());
            }
            message = std::move(m);
            break;
        }
        case MessageType::SyncRequest: {
            SyncRequest m;
            m.from_start = r.flag("from-start");
            m.after = r.u32();
            m.limit = r.u32();
            if (m.limit == 0 || m.limit > kMaxLeasesPerMessage) {
                throw WireError("sync limit out of range");
            }
            message = m;
            break;
        }
        case MessageType::SyncPage: {
            SyncPage m;
            m.leases = readLeases(r);
            m.last = r.flag("last");
            m.epoch = r.u64();
            message = std::move(m);
            break;
        }
        case MessageType::Bye: {
            Bye m;
            m.reason = r.text(kMaxHostname, "reason");
            message = std::move(m);
            break;
        }
        default:
            throw WireError("unknown message type " + std::to_string(type));
    }
    r.finish();
    return message;
}

void FrameReader::append(const uint8_t* data, size_t size) {
    if (offset_ > 0 && offset_ == buffer_.size()) {
        buffer_.clear();
        offset_ = 0;
    }
    buffer_.insert(buffer_.end(), data, data + size);
}

std::optional<Bytes> FrameReader::next() {
    if (buffer_.size() - offset_ < 4) {
        return std::nullopt;
    }
    const uint8_t* p = buffer_.data() + offset_;
    const uint32_t length =
        (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
    if (length == 0 || length > kMaxFrameBody) {
        throw WireError("frame length " + std::to_string(length) + " out of range");
    }
    if (buffer_.size() - offset_ - 4 < length) {
        return std::nullopt;
    }
    Bytes body(p + 4, p + 4 + length);
    offset_ += 4 + length;
    if (offset_ > 65536 && offset_ * 2 > buffer_.size()) {
        buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<ptrdiff_t>(offset_));
        offset_ = 0;
    }
    return body;
}

}  // namespace maas::hooks
