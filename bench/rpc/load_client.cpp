#include "load_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include <cerrno>

#include "maas/rpc/commands.h"

namespace maas::bench {

namespace mr = maas::rpc;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {
constexpr size_t kMaxInFlight = 256;
}  // namespace

struct LoadClient::Conn {
    size_t index = 0;
    size_t rack = 0;
    Target target;
    UniqueFd fd;
    std::unique_ptr<maas::tls::PskStream> tls;
    bool connecting = false;
    bool registered = false;
    std::unique_ptr<mr::ClientSession> session;
    mr::FrameDecoder decoder;
    std::string out;
    uint64_t register_id = 0;
    std::string system_id;
    Clock::time_point next_attempt{};
    Clock::time_point next_heartbeat{};
};

LoadClient::LoadClient(size_t racks, std::vector<Target> targets, Bytes secret, bool tls)
    : targets_(std::move(targets)),
      secret_(std::move(secret)),
      tls_(tls ? maas::tls::rpcContext(maas::tls::Role::Client, secret_) : nullptr),
      epoll_(::epoll_create1(0)) {
    for (size_t r = 0; r < racks; ++r) {
        for (const auto& t : targets_) {
            auto c = std::make_unique<Conn>();
            c->index = conns_.size();
            c->rack = r;
            c->target = t;
            conns_.push_back(std::move(c));
        }
    }
}

LoadClient::~LoadClient() = default;

void LoadClient::send(Conn& c, const mr::RpcMessage& m) {
    c.out += mr::encodeFrame(mr::encodeMessage(m));
    flush(c);
}

void LoadClient::flush(Conn& c) {
    while (!c.out.empty() && c.fd && (!c.tls || c.tls->established())) {
        if (c.tls) {
            const auto r = c.tls->write(c.out.data(), c.out.size());
            if (r.status == maas::tls::IoStatus::Done) {
                c.out.erase(0, r.bytes);
                continue;
            }
            if (r.status != maas::tls::IoStatus::WantRead &&
                r.status != maas::tls::IoStatus::WantWrite) {
                drop(c);
            }
            return;  // the loop retries on the next pass
        }
        const ssize_t n = ::send(c.fd.get(), c.out.data(), c.out.size(), MSG_NOSIGNAL);
        if (n > 0) {
            c.out.erase(0, static_cast<size_t>(n));
        } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
            return;  // the loop retries on the next pass
        } else {
            drop(c);
            return;
        }
    }
}

void LoadClient::drop(Conn& c) {
    if (c.registered) {
        --registered_;
    }
    c.registered = false;
    c.connecting = false;
    c.tls.reset();
    c.fd.reset();
    c.out.clear();
    c.decoder = mr::FrameDecoder();
    c.session.reset();
    // Spread reconnects over 100-300 ms so the restarted region is not hit all at once.
    c.next_attempt = Clock::now() + 100ms + std::chrono::milliseconds(c.index % 200);
}

void LoadClient::startConnect(Conn& c) {
    UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    int one = 1;
    ::setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(c.target.port);
    ::inet_pton(AF_INET, c.target.host.c_str(), &addr.sin_addr);
    if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 &&
        errno != EINPROGRESS) {
        c.next_attempt = Clock::now() + 100ms + std::chrono::milliseconds(c.index % 200);
        return;
    }
    c.fd = std::move(fd);
    c.connecting = true;
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT;
    ev.data.u64 = c.index;
    ::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, c.fd.get(), &ev);
}

void LoadClient::onReadable(Conn& c) {
    if (c.tls && !c.tls->established() && !advanceTls(c)) {
        return;
    }
    char buffer[16384];
    while (c.fd) {
        ssize_t n = 0;
        if (c.tls) {
            const auto r = c.tls->read(buffer, sizeof(buffer));
            n = r.status == maas::tls::IoStatus::Done ? static_cast<ssize_t>(r.bytes)
                : (r.status == maas::tls::IoStatus::WantRead ||
                   r.status == maas::tls::IoStatus::WantWrite)
                    ? -1
                    : 0;
            errno = EAGAIN;
        } else {
            n = ::recv(c.fd.get(), buffer, sizeof(buffer), 0);
        }
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
            drop(c);
            return;
        }
        if (n < 0) {
            return;
        }
        if (c.decoder.feed(buffer, static_cast<size_t>(n)) != mr::FrameDecoder::Status::Ok) {
            drop(c);
            return;
        }
        while (auto payload = c.decoder.next()) {
            auto out = c.session->onPayload(*payload);
            for (const auto& m : out.send) {
                send(c, m);
            }
            if (out.close) {
                drop(c);
                return;
            }
            if (out.action == mr::ClientAction::BecomeVerified) {
                mr::RegisterArgs args;
                args.hostname = "bench-rack-" + std::to_string(c.rack);
                args.version = "0.1.0";
                args.interfaces.push_back(
                    mr::InterfaceInfo{"eth0", "physical", "", {}, 0, true, {}});
                c.register_id = c.session->nextId();
                send(c, mr::RpcMessage::request(c.register_id, mr::command::kRegister,
                                                mr::toJson(args)));
            } else if (out.action == mr::ClientAction::Deliver) {
                if (out.message->kind == mr::MessageKind::Error) {
                    ++error_replies_;
                }
                if (out.message->id == c.register_id &&
                    out.message->kind == mr::MessageKind::Error) {
                    drop(c);  // e.g. "worker not registered yet; retry": a fresh connection
                    return;
                }
                if (out.message->id == c.register_id &&
                    out.message->kind == mr::MessageKind::Reply) {
                    c.system_id = mr::decodeRegisterResult(*out.message->body).system_id;
                    c.registered = true;
                    ++registered_;
                    c.next_heartbeat = Clock::now() + std::chrono::milliseconds(c.index % 1000);
                } else if (out.message->kind == mr::MessageKind::Reply) {
                    ++answered_heartbeats_;
                }
            }
        }
    }
}

void LoadClient::step(std::chrono::milliseconds budget, bool heartbeat) {
    const auto now = Clock::now();
    size_t in_flight = 0;
    for (auto& c : conns_) {
        in_flight += (c->fd && !c->registered) ? 1 : 0;
    }
    for (auto& c : conns_) {
        // Bounded handshakes in flight, like a listen backlog would allow without SYN drops.
        if (!c->fd && now >= c->next_attempt && in_flight < kMaxInFlight) {
            startConnect(*c);
            ++in_flight;
        }
        if (heartbeat && c->registered && now >= c->next_heartbeat) {
            send(*c, mr::RpcMessage::request(c->session->nextId(), mr::command::kHeartbeat,
                                             mr::toJson(mr::HeartbeatArgs{c->system_id})));
            c->next_heartbeat += 1s;
        }
        if (c->fd && !c->out.empty()) {
            flush(*c);
        }
    }
    epoll_event events[256];
    const int n = ::epoll_wait(epoll_.get(), events, 256, static_cast<int>(budget.count()));
    for (int i = 0; i < n; ++i) {
        Conn& c = *conns_[events[i].data.u64];
        if (!c.fd) {
            continue;
        }
        if (c.connecting && (events[i].events & (EPOLLOUT | EPOLLERR | EPOLLHUP))) {
            int error = 0;
            socklen_t len = sizeof(error);
            ::getsockopt(c.fd.get(), SOL_SOCKET, SO_ERROR, &error, &len);
            if (error != 0) {
                drop(c);
                continue;
            }
            c.connecting = false;
            connected(c);
            continue;
        }
        if (c.tls && !c.tls->established()) {
            advanceTls(c);
            continue;
        }
        if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
            onReadable(c);
        }
    }
}

void LoadClient::watch(Conn& c, bool want_write) {
    epoll_event ev{};
    ev.events = EPOLLIN | (want_write ? EPOLLOUT : 0u);
    ev.data.u64 = c.index;
    ::epoll_ctl(epoll_.get(), EPOLL_CTL_MOD, c.fd.get(), &ev);
}

void LoadClient::connected(Conn& c) {
    if (tls_) {
        c.tls = std::make_unique<maas::tls::PskStream>(tls_, c.fd.get());
        advanceTls(c);
        return;
    }
    watch(c, false);
    c.session = std::make_unique<mr::ClientSession>(secret_, "0.1.0");
    for (const auto& m : c.session->start().send) {
        send(c, m);
    }
}

bool LoadClient::advanceTls(Conn& c) {
    const auto status = c.tls->handshake();
    if (status == maas::tls::IoStatus::WantRead || status == maas::tls::IoStatus::WantWrite) {
        watch(c, status == maas::tls::IoStatus::WantWrite);
        return false;
    }
    if (status != maas::tls::IoStatus::Done) {
        drop(c);
        return false;
    }
    watch(c, false);
    c.session = std::make_unique<mr::ClientSession>(secret_, "0.1.0");
    for (const auto& m : c.session->start().send) {
        send(c, m);
    }
    return true;
}

bool LoadClient::runUntilAllRegistered(std::chrono::milliseconds deadline) {
    const auto end = Clock::now() + deadline;
    while (registered_ < conns_.size() && Clock::now() < end) {
        step(10ms, true);
    }
    return registered_ == conns_.size();
}

uint64_t LoadClient::heartbeatFor(std::chrono::milliseconds duration) {
    const auto start = answered_heartbeats_;
    const auto end = Clock::now() + duration;
    while (Clock::now() < end) {
        step(10ms, true);
    }
    return answered_heartbeats_ - start;
}

}  // namespace maas::bench
