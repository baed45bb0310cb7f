#include "maas/rpc/frame.h"

#include <algorithm>

namespace maas::rpc {

namespace {
constexpr uint32_t kReserveBytes = 16384;
}  // namespace

std::string encodeFrame(std::string_view payload, uint32_t max_payload) {
    if (payload.size() > max_payload) {
        throw FrameError("frame: payload of " + std::to_string(payload.size()) +
                         " bytes exceeds the cap of " + std::to_string(max_payload));
    }
    const auto size = static_cast<uint32_t>(payload.size());
    std::string frame;
    frame.reserve(kFrameHeaderBytes + payload.size());
    frame.push_back(static_cast<char>((size >> 24) & 0xff));
    frame.push_back(static_cast<char>((size >> 16) & 0xff));
    frame.push_back(static_cast<char>((size >> 8) & 0xff));
    frame.push_back(static_cast<char>(size & 0xff));
    frame.append(payload);
    return frame;
}

FrameDecoder::Status FrameDecoder::feed(const char* data, size_t size) {
    size_t offset = 0;
    while (status_ == Status::Ok && offset < size) {
        if (!expected_) {
            const size_t want = kFrameHeaderBytes - partial_.size();
            const size_t take = std::min(want, size - offset);
            partial_.append(data + offset, take);
            offset += take;
            if (partial_.size() < kFrameHeaderBytes) {
                break;
            }
            const auto* h = reinterpret_cast<const unsigned char*>(partial_.data());
            const uint32_t length = (uint32_t{h[0]} << 24) | (uint32_t{h[1]} << 16) |
                                    (uint32_t{h[2]} << 8) | uint32_t{h[3]};
            partial_.clear();
            if (length > max_payload_) {
                status_ = Status::Oversize;
            } else if (length == 0) {
                status_ = Status::Empty;
            } else {
                expected_ = length;
                // Grows with the bytes that actually arrive: a header alone buys no memory.
                partial_.reserve(std::min<uint32_t>(length, kReserveBytes));
            }
            continue;
        }
        const size_t take = std::min<size_t>(*expected_ - partial_.size(), size - offset);
        partial_.append(data + offset, take);
        offset += take;
        if (partial_.size() == *expected_) {
            complete_.push_back(std::move(partial_));
            partial_.clear();
            expected_.reset();
        }
    }
    return status_;
}

std::optional<std::string> FrameDecoder::next() {
    if (complete_.empty()) {
        return std::nullopt;
    }
    std::string payload = std::move(complete_.front());
    complete_.pop_front();
    return payload;
}

}  // namespace maas::rpc
