// Server: the event thread (accept, read, deadlines, write). Request threads: server_threads.cpp.
#include "maas/region/http/server.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "maas/region/http/site.h"
#include "server_connection.h"

namespace maas::region::http {

using Clock = std::chrono::steady_clock;

namespace {
constexpr uint64_t kListenTag = 0;
constexpr uint64_t kWakeTag = UINT64_MAX;
constexpr size_t kReadChunk = 16384;
constexpr size_t kKeptOutputBytes = 256 * 1024;  ///< output buffer a connection keeps

std::string addressText(const sockaddr_storage& addr) {
    char text[INET6_ADDRSTRLEN] = "?";
    if (addr.ss_family == AF_INET)
        ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(addr).sin_addr, text,
                    sizeof text);
    else if (addr.ss_family == AF_INET6)
        ::inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6&>(addr).sin6_addr, text,
                    sizeof text);
    return text;
}
}  // namespace

Server::Server(Site& site, Metrics& metrics, Options options, const Logger& log)
    : site_(site), metrics_(metrics), options_(std::move(options)), log_(log), events_(kWakeTag) {
    addrinfo hints{};
    hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const auto port = std::to_string(options_.port);
    const auto where = options_.address + ":" + port;
    if (::getaddrinfo(options_.address.c_str(), port.c_str(), &hints, &found) != 0 || !found)
        throw std::runtime_error("http listener " + where + ": not an IP address");
    std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> info(found, ::freeaddrinfo);
    listen_fd_.reset(::socket(info->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    int one = 1;
    ::setsockopt(listen_fd_.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    ::setsockopt(listen_fd_.get(), SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    if (!listen_fd_ || ::bind(listen_fd_.get(), info->ai_addr, info->ai_addrlen) != 0 ||
        ::listen(listen_fd_.get(), 1024) != 0)
        throw ListenError("http listener " + where + ": " + std::strerror(errno), errno);
    sockaddr_storage bound{};
    socklen_t len = sizeof bound;
    ::getsockname(listen_fd_.get(), reinterpret_cast<sockaddr*>(&bound), &len);
    bound_port_ =
        ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6&>(bound).sin6_port
                                          : reinterpret_cast<sockaddr_in&>(bound).sin_port);
}

Server::~Server() {
    stop();
}

void Server::start() {
    events_.add(listen_fd_.get(), EPOLLIN, kListenTag);
    running_ = true;
    for (int i = 0; i < options_.max_threads; ++i)
        threads_.emplace_back([this] { serveJobs(jobs_); });
    threads_.emplace_back([this] { serveJobs(health_jobs_); });
    loop_ = std::thread([this] { run(); });
}

void Server::stop() {
    if (!running_)
        return;
    running_ = false;
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    work_.notify_all();
    events_.wake();
    loop_.join();
    for (auto& t : threads_)
        t.join();
    threads_.clear();
    connections_.clear();
    per_source_.clear();
    listen_fd_.reset();
}

void Server::run() {
    epoll_event events[64];
    while (running_) {
        const int n = ::epoll_wait(events_.fd(), events, 64, 100);
        for (int i = 0; i < n; ++i) {
            const uint64_t tag = events[i].data.u64;
            try {
                if (tag == kListenTag) {
                    acceptAll();
                } else if (tag == kWakeTag) {
                    events_.drainWake();
                    drainDone();
                } else if (auto it = connections_.find(tag); it != connections_.end()) {
                    auto& c = *it->second;
                    if (events[i].events & (EPOLLHUP | EPOLLERR))
                        closeConnection(tag);
                    else if (events[i].events & EPOLLIN)
                        c.phase == Connection::Phase::Writing ? onWritable(c) : onReadable(c);
                    else if (events[i].events & EPOLLOUT)
                        onWritable(c);
                }
            } catch (const std::exception& e) {
                log_.log(kHttpHandlerFailed, std::string("event loop: ") + e.what());
                closeConnection(tag);
            }
        }
        checkTimers();
    }
}

void Server::acceptAll() {
    while (true) {
        sockaddr_storage addr{};
        socklen_t len = sizeof addr;
        UniqueFd fd(::accept4(listen_fd_.get(), reinterpret_cast<sockaddr*>(&addr), &len,
                              SOCK_NONBLOCK | SOCK_CLOEXEC));
        if (!fd) {
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                // The listener stays readable: stop watching it a moment rather than spin.
                events_.remove(listen_fd_.get());
                accept_paused_ = true;
                out_of_files_at_ = Clock::now();
                accept_paused_until_ = out_of_files_at_ + options_.accept_backoff;
                log_.log(kHttpAcceptPaused, std::string("accept: ") + std::strerror(errno));
            }
            return;
        }
        auto peer = addressText(addr);
        auto& from_source = per_source_[peer];
        if (from_source >= options_.max_connections_per_source ||
            connections_.size() >= options_.max_connections) {
            if (from_source == 0)
                per_source_.erase(peer);
            continue;  // closed by UniqueFd
        }
        ++from_source;
        auto c = std::make_unique<Connection>(
            RequestParser::Limits{16384, options_.max_body_bytes, 100});
        c->id = next_id_++;
        c->peer = std::move(peer);
        sockaddr_storage local{};
        socklen_t local_len = sizeof local;
        ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&local), &local_len);
        c->local = addressText(local);
        c->fd = std::move(fd);
        if (options_.tls)
            c->tls = std::make_unique<tls::Stream>(options_.tls, c->fd.get());
        c->deadline = Clock::now() + options_.head_timeout;
        events_.add(c->fd.get(), 0, c->id);
        auto& added = *c;
        connections_.emplace(c->id, std::move(c));
        setInterest(added, EPOLLIN);
    }
}

void Server::setInterest(Connection& c, uint32_t events) {
    if (c.interest == events)
        return;
    c.interest = events;
    events_.modify(c.fd.get(), events, c.id);
}

void Server::onReadable(Connection& c) {
    if (c.phase != Connection::Phase::Reading)
        return;
    char buffer[kReadChunk];
    // TLS may hold decrypted bytes the socket no longer signals: take them while they last.
    do {
        const ssize_t n = receive(c, buffer, sizeof buffer);
        if (n < 0) {
            closeConnection(c.id);
            return;
        }
        if (n == 0)
            break;
        c.pending.append(buffer, static_cast<size_t>(n));
    } while (c.tls && c.tls->hasBuffered() && c.pending.size() < kReadChunk * 4);
    if (!c.pending.empty())
        consume(c);
}

ssize_t Server::receive(Connection& c, char* buffer, size_t size) {
    if (!c.tls) {
        const ssize_t n = ::recv(c.fd.get(), buffer, size, 0);
        if (n > 0)
            return n;
        return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) ? 0 : -1;
    }
    c.read_wants_write = false;
    const auto r = c.tls->read(buffer, size);  // runs the handshake first
    switch (r.status) {
        case tls::IoStatus::Done:
            setInterest(c, EPOLLIN);
            return static_cast<ssize_t>(r.bytes);
        case tls::IoStatus::WantRead:
            setInterest(c, EPOLLIN);
            return 0;
        case tls::IoStatus::WantWrite:
            c.read_wants_write = true;
            setInterest(c, EPOLLIN | EPOLLOUT);
            return 0;
        default:
            return -1;  // garbage, a failed handshake, an alert or a hang-up
    }
}

ssize_t Server::sendParts(Connection& c, iovec* parts, size_t count) {
    msghdr message{};
    message.msg_iov = parts;
    message.msg_iovlen = count;
    while (true) {
        const ssize_t n = ::sendmsg(c.fd.get(), &message, MSG_NOSIGNAL);
        if (n > 0)
            return n;
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            setInterest(c, EPOLLOUT);
            return 0;
        }
        return -1;
    }
}

ssize_t Server::transmit(Connection& c, const char* data, size_t size) {
    if (!c.tls) {
        iovec part{const_cast<char*>(data), size};
        return sendParts(c, &part, 1);
    }
    const auto r = c.tls->write(data, size);
    switch (r.status) {
        case tls::IoStatus::Done:
            return static_cast<ssize_t>(r.bytes);
        case tls::IoStatus::WantWrite:
            setInterest(c, EPOLLOUT);
            return 0;
        case tls::IoStatus::WantRead:
            setInterest(c, EPOLLIN);
            return 0;
        default:
            return -1;
    }
}

ssize_t Server::transmitPending(Connection& c) {
    const size_t head_left = c.out.size() - c.out_offset;
    const size_t body_left = c.out_body ? c.out_body->size() - c.body_offset : 0;
    if (c.tls || body_left == 0 || head_left == 0)
        return head_left > 0 ? transmit(c, c.out.data() + c.out_offset, head_left)
                             : transmit(c, c.out_body->data() + c.body_offset, body_left);
    iovec parts[2] = {{const_cast<char*>(c.out.data() + c.out_offset), head_left},
                      {const_cast<char*>(c.out_body->data() + c.body_offset), body_left}};
    return sendParts(c, parts, 2);
}

void Server::consume(Connection& c) {
    const bool was_idle = c.parser.received() == 0;
    const bool was_head = c.parser.state() == RequestParser::State::Head;
    const auto used = c.parser.feed(c.pending);
    c.pending.erase(0, used);
    const auto now = Clock::now();
    if (c.parser.failed()) {
        auto r = Response::text(c.parser.errorStatus(), c.parser.errorText());
        r.metric_label = c.parser.errorStatus() == 413 ? "toolarge" : "badrequest";
        answerNow(c, r, true);
    } else if (c.parser.complete()) {
        dispatch(c);
    } else if (c.parser.state() == RequestParser::State::Body) {
        if (was_head)
            c.deadline = now + options_.body_timeout;
        if (c.parser.wantsContinue() && !c.continue_sent) {
            c.continue_sent = true;
            c.out += "HTTP/1.1 100 Continue\r\n\r\n";
            onWritable(c);
        }
    } else if (was_idle && used > 0) {
        c.deadline = now + options_.head_timeout;  // a request started on a kept-alive link
    }
}

void Server::onWritable(Connection& c) {
    if (c.read_wants_write && c.out.empty() && !c.out_body) {
        onReadable(c);  // a TLS handshake was waiting to send
        return;
    }
    while (c.out_offset < c.out.size() || (c.out_body && c.body_offset < c.out_body->size())) {
        const ssize_t n = transmitPending(c);
        if (n == 0)
            return;
        if (n < 0) {
            closeConnection(c.id);
            return;
        }
        const size_t from_head = std::min(static_cast<size_t>(n), c.out.size() - c.out_offset);
        c.out_offset += from_head;
        c.body_offset += static_cast<size_t>(n) - from_head;
    }
    c.out_body.reset();
    c.body_offset = 0;
    // A kept-alive connection would otherwise hold the capacity of its largest answer (tens of
    // MB for 10,000 machines) for as long as it stays open.
    if (c.out.capacity() > kKeptOutputBytes)
        std::string().swap(c.out);
    else
        c.out.clear();
    c.out_offset = 0;
    if (c.phase != Connection::Phase::Writing) {
        setInterest(c, c.phase == Connection::Phase::Reading ? uint32_t{EPOLLIN} : 0u);
        return;  // an interim 100 Continue went out
    }
    if (c.close_after_write) {
        closeConnection(c.id);
        return;
    }
    // Ready for the next request on this connection.
    c.phase = Connection::Phase::Reading;
    c.parser.reset();
    c.continue_sent = false;
    c.deadline = Clock::now() + options_.idle_timeout;
    setInterest(c, EPOLLIN);
    if (!c.pending.empty())
        consume(c);
    else if (c.tls && c.tls->hasBuffered())
        onReadable(c);  // a pipelined request already decrypted
}

void Server::answerNow(Connection& c, const Response& response, bool close) {
    c.phase = Connection::Phase::Writing;
    c.close_after_write = close;
    c.out += serializeResponse(response, c.parser.head().method == "HEAD", close,
                               c.parser.head().minor_version);
    c.deadline = Clock::now() + options_.write_timeout;
    metrics_.observe(response.metric_label, response.status, 0);
    onWritable(c);
}

void Server::closeConnection(uint64_t id) {
    auto it = connections_.find(id);
    if (it == connections_.end())
        return;
    events_.remove(it->second->fd.get());
    if (it->second->tls)
        it->second->tls->shutdown();  // close_notify, best effort
    auto source = per_source_.find(it->second->peer);
    if (source != per_source_.end() && --source->second == 0)
        per_source_.erase(source);
    connections_.erase(it);
}

void Server::checkTimers() {
    const auto now = Clock::now();
    if (accept_paused_ && now >= accept_paused_until_) {
        accept_paused_ = false;
        events_.add(listen_fd_.get(), EPOLLIN, kListenTag);
    }
    std::vector<uint64_t> expired;
    for (const auto& [id, c] : connections_)
        if (c->phase != Connection::Phase::Busy && now >= c->deadline)
            expired.push_back(id);
    for (auto id : expired)
        closeConnection(id);  // a request not read in time never runs
}

}  // namespace maas::region::http
