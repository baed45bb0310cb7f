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
// A reader that lets this much pile up is not keeping up; drop it rather than grow.
constexpr size_t kMaxOutBytes = 4u << 20;
constexpr size_t kReadChunk = 16384;
// Bounded work per readable event so one busy peer cannot starve the others.
constexpr int kMaxReadsPerEvent = 16;
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
