#include "maas/rack/lease_events.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <map>
#include <stdexcept>

namespace maas::rack {

namespace {
/// Datagrams read per burst at most, so the sink's fsync covers many lines but stays bounded.
constexpr int kMaxDatagramsPerBurst = 256;
/// A hook datagram is one or more whole lines; anything longer is not the hook's.
constexpr size_t kDatagramBytes = maas::kMaxLeaseEventDatagram;

struct Sender {
    sockaddr_un addr{};
    socklen_t len = 0;
};
}  // namespace

HookLeaseEvent toHookLeaseEvent(const maas::LeaseEventLine& line) {
    HookLeaseEvent out;
    out.hook = line.hook;
    out.seq = line.seq;
    out.event.action = line.action;
    out.event.ip = line.ip;
    out.event.mac = line.mac;
    out.event.hostname = line.hostname;
    out.event.expires = line.expires;
    return out;
}

LeaseEventSocket::LeaseEventSocket(std::filesystem::path path, Sink sink)
    : path_(std::move(path)), sink_(std::move(sink)) {}

LeaseEventSocket::~LeaseEventSocket() {
    stop();
}

void LeaseEventSocket::start() {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    const auto text = path_.string();
    if (text.size() >= sizeof(addr.sun_path))
        throw std::runtime_error("lease event socket path too long: " + text);
    text.copy(addr.sun_path, text.size());
    fd_.reset(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!fd_)
        throw std::runtime_error("cannot create the lease event socket");
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);  // a stale socket from a previous rackd
    if (::bind(fd_.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
        throw std::runtime_error("cannot bind the lease event socket " + text);
    ::chmod(text.c_str(), 0600);
    thread_ = std::thread([this] { run(); });
}

void LeaseEventSocket::stop() {
    stopping_ = true;
    if (thread_.joinable())
        thread_.join();
}

void LeaseEventSocket::run() {
    while (!stopping_) {
        pollfd p{fd_.get(), POLLIN, 0};
        if (::poll(&p, 1, 200) > 0)
            drain();
    }
}

void LeaseEventSocket::drain() {
    char buffer[kDatagramBytes];
    std::vector<HookLeaseEvent> batch;
    std::map<std::string, Sender> senders;  // where each hook instance's acknowledgement goes
    for (int i = 0; i < kMaxDatagramsPerBurst; ++i) {
        Sender from;
        from.len = sizeof from.addr;
        const ssize_t n = ::recvfrom(fd_.get(), buffer, sizeof buffer, MSG_TRUNC,
                                     reinterpret_cast<sockaddr*>(&from.addr), &from.len);
        if (n <= 0)
            break;
        if (static_cast<size_t>(n) > sizeof buffer) {
            ++malformed_;  // longer than the hook packs: cut short by the read, refused whole
            continue;
        }
        for (const auto line :
             maas::splitLeaseEventDatagram(std::string_view(buffer, static_cast<size_t>(n)))) {
            const auto parsed = maas::parseLeaseEventLine(line);
            if (!parsed) {
                ++malformed_;
                continue;
            }
            batch.push_back(toHookLeaseEvent(*parsed));
            if (parsed->seq != 0 && from.len > sizeof(sa_family_t))
                senders[parsed->hook] = from;  // an unbound sender cannot be answered
        }
    }
    if (batch.empty())
        return;
    for (const auto& [hook, seq] : sink_(std::move(batch))) {
        const auto to = senders.find(hook);
        if (to == senders.end())
            continue;
        const auto ack = maas::encodeLeaseEventAck({hook, seq});
        // Never waits: a hook that does not read its acknowledgements only misses them.
        if (::sendto(fd_.get(), ack.data(), ack.size(), MSG_DONTWAIT | MSG_NOSIGNAL,
                     reinterpret_cast<const sockaddr*>(&to->second.addr),
                     to->second.len) == static_cast<ssize_t>(ack.size()))
            ++acks_sent_;
    }
}

}  // namespace maas::rack
