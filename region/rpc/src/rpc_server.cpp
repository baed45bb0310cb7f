#include "maas/region/rpc/rpc_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "rpc_connection.h"

#include "maas/rpc/power_commands.h"
#include "maas/rpc/socket_io.h"

namespace maas::region::rpc {

namespace mr = maas::rpc;
using Clock = std::chrono::steady_clock;

namespace {

constexpr uint64_t kListenTag = 0;
constexpr uint64_t kWakeTag = UINT64_MAX;
// How often the per-connection deadlines (seconds long) are checked: a scan of every
// connection after every wakeup cost more than the handshakes it was timing.
constexpr auto kDeadlineScanInterval = std::chrono::milliseconds(50);

}  // namespace

RpcServer::RpcServer(RpcServerOptions options, RackDirectory& directory, Logger& logger)
    : options_(std::move(options)), directory_(directory), logger_(logger) {}

RpcServer::~RpcServer() {
    stop();
}

std::string RpcServer::endpoint() const {
    return mr::formatEndpoint(options_.address, port_);
}

void RpcServer::start() {
    const auto where = mr::formatEndpoint(options_.address, options_.port);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(options_.port);
    if (::inet_pton(AF_INET, options_.address.c_str(), &addr.sin_addr) != 1) {
        throw std::runtime_error("rpc listener " + where + ": not an IPv4 address");
    }
    listen_fd_.reset(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    int one = 1;
    ::setsockopt(listen_fd_.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (::bind(listen_fd_.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
        ::listen(listen_fd_.get(), 1024) != 0) {
        throw std::runtime_error("rpc listener " + where + ": " + std::strerror(errno));
    }
    socklen_t len = sizeof(addr);
    ::getsockname(listen_fd_.get(), reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);

    if (!options_.cleartext_baseline) {
        tls_context_ = maas::tls::rpcContext(maas::tls::Role::Server, options_.secret);
    }
    epoll_fd_.reset(::epoll_create1(EPOLL_CLOEXEC));
    wake_fd_.reset(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = kListenTag;
    ::epoll_ctl(epoll_fd_.get(), EPOLL_CTL_ADD, listen_fd_.get(), &ev);
    ev.data.u64 = kWakeTag;
    ::epoll_ctl(epoll_fd_.get(), EPOLL_CTL_ADD, wake_fd_.get(), &ev);
    running_ = true;
    thread_ = std::thread([this] { run(); });
    logger_.log(kRpcListening, "listening for racks on " + endpoint());
}

void RpcServer::stop() {
    if (!running_.exchange(false)) {
        return;
    }
    uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wake_fd_.get(), &one, sizeof(one));
    thread_.join();
    std::vector<uint64_t> ids;
    for (const auto& [id, c] : connections_) {
        ids.push_back(id);
    }
    for (auto id : ids) {
        closeConnection(id);
    }
    std::lock_guard lock(requests_mutex_);
    for (auto& call : outgoing_calls_) {
        call.promise.set_value(
            mr::RpcMessage::error(0, mr::code::kNotConnected, "RPC server stopped"));
    }
    outgoing_calls_.clear();
    listen_fd_.reset();
}

void RpcServer::run() {
    epoll_event events[64];
    while (running_) {
        const int n = ::epoll_wait(epoll_fd_.get(), events, 64, 250);
        for (int i = 0; i < n; ++i) {
            // Nothing one peer sends may end the thread (and with it the worker).
            try {
                handleEvent(events[i]);
            } catch (const std::exception& e) {
                logger_.log(kRpcHandlerFailed, std::string("event: ") + e.what());
                if (connections_.contains(events[i].data.u64))
                    closeConnection(events[i].data.u64);
            }
        }
        try {
            closeMarked();
            checkTimers();
        } catch (const std::exception& e) {
            logger_.log(kRpcHandlerFailed, std::string("timers: ") + e.what());
        }
    }
}

void RpcServer::handleEvent(const epoll_event& event) {
    const uint64_t tag = event.data.u64;
    if (tag == kListenTag) {
        acceptAll();
        return;
    }
    if (tag == kWakeTag) {
        uint64_t value = 0;
        [[maybe_unused]] auto r = ::read(wake_fd_.get(), &value, sizeof(value));
        drainRequests();
        return;
    }
    auto it = connections_.find(tag);
    if (it == connections_.end()) {
        return;
    }
    Connection& c = *it->second;
    if (event.events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
        onReadable(c);
    }
    if (connections_.contains(tag) && (event.events & EPOLLOUT)) {
        onWritable(c);
    }
}

void RpcServer::checkTimers() {
    const auto now = Clock::now();
    if (accept_paused_until_ && now >= *accept_paused_until_) {
        accept_paused_until_.reset();
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.u64 = kListenTag;
        ::epoll_ctl(epoll_fd_.get(), EPOLL_CTL_ADD, listen_fd_.get(), &ev);
    }
    pending_.expire(now);
    if (now < next_deadline_scan_) {
        return;
    }
    next_deadline_scan_ = now + kDeadlineScanInterval;
    std::vector<uint64_t> expired;
    for (auto& [id, c] : connections_) {
        if (c->closing) {
            expired.push_back(id);
        } else if (!c->session.verified() && now - c->accepted > options_.handshake_timeout) {
            const auto out = c->session.onTimeout();
            for (const auto& m : out.send) {
                queue(*c, mr::encodeFrame(mr::encodeMessage(m)));
            }
            logger_.log(kRpcRefused,
                        "refused connection from '" + c->peer.address + "': " + out.detail);
            expired.push_back(id);
        } else if (c->session.verified() && now - c->last_seen > options_.idle_timeout) {
            expired.push_back(id);
        } else if (c->session.verified() && now - c->last_seen > options_.call_silence_limit) {
            pending_.failConnection(id, "the rack stopped answering (no heartbeat)");
        }
    }
    for (auto id : expired) {
        closeConnection(id);
    }
}

}  // namespace maas::region::rpc
