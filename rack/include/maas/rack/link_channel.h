#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>

#include "maas/rpc/message.h"
#include "maas/rpc/socket_io.h"

namespace maas::rack {

/// The sending half of a link's current connection, shared with other threads (drivers
/// answering region requests, the power poller reporting). Sends are serialised; while the
/// link is down a send is dropped and reported as false.
class LinkChannel {
  public:
    /// Ids of requests the rack starts outside the link thread; their answers are ignored.
    static constexpr uint64_t kFirstOwnId = uint64_t{1} << 40;

    void attach(maas::rpc::FramedSocket* socket);
    void detach();
    /// For the link thread: throws IoError like FramedSocket::send; no-op when detached.
    void send(const maas::rpc::RpcMessage& message, std::chrono::milliseconds timeout);
    /// For other threads: false when detached or the send failed (the link notices the break).
    bool trySend(const maas::rpc::RpcMessage& message, std::chrono::milliseconds timeout) noexcept;
    bool attached();
    uint64_t nextOwnId() { return next_own_id_++; }

  private:
    std::mutex mutex_;
    maas::rpc::FramedSocket* socket_ = nullptr;
    std::atomic<uint64_t> next_own_id_{kFirstOwnId};
};

/// Answers region -> rack requests other than StopRack. handle() runs on the link thread and
/// must not block: long work goes elsewhere and answers through reply (from any thread, once).
class RegionRequestHandler {
  public:
    using Reply = std::function<void(const maas::rpc::RpcMessage&)>;
    virtual ~RegionRequestHandler() = default;
    virtual bool handles(const std::string& command) const = 0;
    virtual void handle(const maas::rpc::RpcMessage& request, Reply reply) = 0;
};

}  // namespace maas::rack
