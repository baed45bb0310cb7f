// RpcServer: a connection's bytes (frames read and decoded, replies queued and written with
// a bound on what a slow reader may pile up) and its closing.
#include <sys/epoll.h>

#include <string>
#include <vector>

#include "rpc_connection.h"

#include "maas/region/rpc/rpc_server.h"
#include "maas/rpc/socket_io.h"

namespace maas::region::rpc {

namespace mr = maas::rpc;
using Clock = std::chrono::steady_clock;

namespace {

// A reader that lets this much pile up is not keeping up; drop it rather than grow.
constexpr size_t kMaxOutBytes = 4u << 20;
constexpr size_t kReadChunk = 16384;
// Bounded work per readable event so one busy peer cannot starve the others.
constexpr int kMaxReadsPerEvent = 16;

}  // namespace

void RpcServer::onReadable(Connection& c) {
    const uint64_t id = c.id;
    if (c.tls && !c.tls->established()) {
        if (!advanceHandshake(c) || !c.tls->established()) {
            return;
        }
    }
    char buffer[kReadChunk];
    for (int i = 0; i < kMaxReadsPerEvent; ++i) {
        const ssize_t n = readSome(c, buffer, sizeof(buffer));
        if (n == 0) {
            closeConnection(id);
            return;
        }
        if (n < 0) {
            if (!c.out.empty()) {
                onWritable(c);  // a write that waited on a read may go now
            } else {
                updateInterest(c);  // a read that waits for the socket to be writable
            }
            return;
        }
        c.last_seen = Clock::now();
        const auto status = c.decoder.feed(buffer, static_cast<size_t>(n));
        while (auto payload = c.decoder.next()) {
            handlePayload(c, *payload);
            if (!connections_.contains(id) || c.closing) {
                return;
            }
        }
        if (status != mr::FrameDecoder::Status::Ok) {
            const std::string problem =
                status == mr::FrameDecoder::Status::Oversize
                    ? "frame larger than " + std::to_string(options_.max_frame) + " bytes"
                    : "empty frame";
            logger_.log(kRpcBadFrame,
                        "dropping connection from '" + c.peer.address + "': " + problem);
            const auto out = c.session.onMalformed(problem);
            for (const auto& m : out.send) {
                queue(c, mr::encodeFrame(mr::encodeMessage(m)));
            }
            closeConnection(id);
            return;
        }
    }
}

void RpcServer::queue(Connection& c, const std::string& bytes) {
    if (c.out.size() - c.out_offset + bytes.size() > kMaxOutBytes) {
        markClosing(c);
        return;
    }
    c.out.append(bytes);
    onWritable(c);
}

void RpcServer::onWritable(Connection& c) {
    if (c.tls && !c.tls->established()) {
        advanceHandshake(c);
        return;
    }
    if (c.tls_wants_write && c.out.empty()) {
        // A read (a TLS key update's answer) waited for the socket: retry it, not a write.
        c.tls_wants_write = false;
        onReadable(c);
        return;
    }
    while (c.out_offset < c.out.size()) {
        const ssize_t n = writeSome(c, c.out.data() + c.out_offset, c.out.size() - c.out_offset);
        if (n > 0) {
            c.out_offset += static_cast<size_t>(n);
            continue;
        }
        if (n < 0) {
            break;
        }
        markClosing(c);
        c.out.clear();
        c.out_offset = 0;
        break;
    }
    if (c.out_offset == c.out.size()) {
        c.out.clear();
        c.out_offset = 0;
    }
    updateInterest(c);
}

void RpcServer::updateInterest(Connection& c) {
    const bool want = !c.out.empty() || c.tls_wants_write;
    if (want == c.want_write) {
        return;
    }
    c.want_write = want;
    epoll_event ev{};
    ev.events = EPOLLIN | (want ? EPOLLOUT : 0u);
    ev.data.u64 = c.id;
    ::epoll_ctl(epoll_fd_.get(), EPOLL_CTL_MOD, c.fd.get(), &ev);
}

void RpcServer::closeConnection(uint64_t id) {
    auto it = connections_.find(id);
    if (it == connections_.end()) {
        return;
    }
    Connection& c = *it->second;
    // Best effort: whatever still fits in the socket buffer (a refusal) goes out before FIN.
    if (c.out_offset < c.out.size() && (!c.tls || c.tls->established())) {
        [[maybe_unused]] auto n =
            writeSome(c, c.out.data() + c.out_offset, c.out.size() - c.out_offset);
    }
    if (c.tls) {
        c.tls->shutdown();
    }
    ::epoll_ctl(epoll_fd_.get(), EPOLL_CTL_DEL, c.fd.get(), nullptr);
    releaseUnauthenticated(c);
    if (c.session.verified()) {
        --verified_count_;
    }
    if (!c.system_id.empty()) {
        directory_.disconnected(c.system_id, c.peer);
        logger_.log(kRpcRackDisconnected,
                    "rack " + c.system_id + " disconnected from '" + c.peer.address + "'");
    }
    pending_.failConnection(id, "the connection to the rack closed");
    connections_.erase(it);
    connection_count_ = connections_.size();
}

void RpcServer::markClosing(Connection& c) {
    if (!c.closing) {
        c.closing = true;
        closing_ids_.push_back(c.id);
    }
}

void RpcServer::closeMarked() {
    // Swapped out first: closing one connection may mark another.
    std::vector<uint64_t> ids;
    ids.swap(closing_ids_);
    for (auto id : ids) {
        closeConnection(id);
    }
}

}  // namespace maas::region::rpc
