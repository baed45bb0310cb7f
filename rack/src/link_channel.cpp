#include "maas/rack/link_channel.h"

namespace maas::rack {

void LinkChannel::attach(maas::rpc::FramedSocket* socket) {
    std::lock_guard lock(mutex_);
    socket_ = socket;
}

void LinkChannel::detach() {
    std::lock_guard lock(mutex_);
    socket_ = nullptr;
}

bool LinkChannel::attached() {
    std::lock_guard lock(mutex_);
    return socket_ != nullptr;
}

void LinkChannel::send(const maas::rpc::RpcMessage& message, std::chrono::milliseconds timeout) {
    std::lock_guard lock(mutex_);
    if (socket_) {
        socket_->send(message, timeout);
    }
}

bool LinkChannel::trySend(const maas::rpc::RpcMessage& message,
                          std::chrono::milliseconds timeout) noexcept {
    try {
        std::lock_guard lock(mutex_);
        if (!socket_) {
            return false;
        }
        socket_->send(message, timeout);
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

}  // namespace maas::rack
