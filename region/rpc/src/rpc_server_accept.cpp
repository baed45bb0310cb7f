// RpcServer: taking rack connections in, with the cap on handshakes not yet verified (per
// source address and in all) and a pause when the process runs out of descriptors.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "rpc_connection.h"

#include "maas/region/rpc/rpc_server.h"

namespace maas::region::rpc {

using Clock = std::chrono::steady_clock;

void RpcServer::pauseAccepting() {
    // Level-triggered: a listener we cannot accept from stays readable, so stop watching it
    // for a moment rather than spin.
    ::epoll_ctl(epoll_fd_.get(), EPOLL_CTL_DEL, listen_fd_.get(), nullptr);
    accept_paused_until_ = Clock::now() + options_.accept_backoff;
    logger_.log(kRpcAcceptPaused, "accept: " + std::string(std::strerror(errno)));
}

bool RpcServer::admitUnauthenticated(const std::string& address) {
    const auto it = unauthenticated_by_source_.find(address);
    if (it != unauthenticated_by_source_.end() &&
        it->second >= options_.max_unauthenticated_per_source)
        return false;  // one address squatting hurts only that address
    if (unauthenticated_count_ >= options_.max_unauthenticated) {
        // Full: the oldest pending handshake gives way, so a squatter cannot keep a real rack
        // out; it would have to out-race a handshake that takes a round trip or two.
        for (const auto& [id, c] : connections_) {
            if (c->counted_unverified) {
                closeConnection(id);
                break;
            }
        }
    }
    ++unauthenticated_by_source_[address];
    ++unauthenticated_count_;
    return true;
}

void RpcServer::releaseUnauthenticated(Connection& c) {
    if (!c.counted_unverified)
        return;
    c.counted_unverified = false;
    --unauthenticated_count_;
    auto it = unauthenticated_by_source_.find(c.peer.address);
    if (it != unauthenticated_by_source_.end() && --it->second == 0)
        unauthenticated_by_source_.erase(it);
}

void RpcServer::acceptAll() {
    while (true) {
        sockaddr_storage addr{};
        socklen_t len = sizeof(addr);
        UniqueFd fd(::accept4(listen_fd_.get(), reinterpret_cast<sockaddr*>(&addr), &len,
                              SOCK_NONBLOCK | SOCK_CLOEXEC));
        if (!fd) {
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
                pauseAccepting();
            return;  // EAGAIN, or a transient error retried on the next event
        }
        char text[INET6_ADDRSTRLEN] = "?";
        uint16_t port = 0;
        if (addr.ss_family == AF_INET) {
            const auto* in = reinterpret_cast<const sockaddr_in*>(&addr);
            ::inet_ntop(AF_INET, &in->sin_addr, text, sizeof(text));
            port = ntohs(in->sin_port);
        }
        if (!admitUnauthenticated(text)) {
            // Closed by UniqueFd; logged every 1000th time so a flood cannot flood the log.
            if (++refused_unauthenticated_ % 1000 == 1)
                logger_.log(kRpcPeerLimit, "refused a connection from '" + std::string(text) +
                                               "' (" + std::to_string(refused_unauthenticated_) +
                                               " refused so far)");
            continue;
        }
        int one = 1;
        ::setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        auto c = std::make_unique<Connection>(options_.secret, options_.version,
                                              options_.max_preauth_frame);
        c->counted_unverified = true;
        c->id = next_connection_id_++;
        c->peer.port = port;
        c->peer.connection_id = c->id;
        c->peer.address = text;
        c->peer.endpoint = endpoint();
        c->accepted = c->last_seen = Clock::now();
        c->fd = std::move(fd);
        if (tls_context_) {
            c->tls = std::make_unique<maas::tls::PskStream>(tls_context_, c->fd.get());
        }
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.u64 = c->id;
        ::epoll_ctl(epoll_fd_.get(), EPOLL_CTL_ADD, c->fd.get(), &ev);
        connections_.emplace(c->id, std::move(c));
        connection_count_ = connections_.size();
    }
}

}  // namespace maas::region::rpc
