// jitter_relay: a TCP relay that delays every chunk it forwards by a random 0..MAX_DELAY ms,
// keeping each direction in order (as a jittery path does). Tests put it on the HA peer link,
// since this kernel has no netem.
//   jitter_relay LISTEN_ADDR PORT TARGET_ADDR TARGET_PORT MAX_DELAY_MS SECONDS
// Listens on LISTEN_ADDR:PORT, dials TARGET from LISTEN_ADDR for each connection it accepts
// (one pair at a time: a new connection replaces the old pair) and exits after SECONDS.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <deque>
#include <random>
#include <string>
#include <vector>

#include "maas/common/unique_fd.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Chunk {
    Clock::time_point due;
    std::vector<uint8_t> data;
};

/// One direction: what was read from `from`, waiting for its time to be written to `to`.
struct Direction {
    int from = -1;
    int to = -1;
    std::deque<Chunk> queue;
    Clock::time_point last_due{};
};

sockaddr_in endpoint(const char* address, int port) {
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(static_cast<uint16_t>(port));
    ::inet_pton(AF_INET, address, &sa.sin_addr);
    return sa;
}

maas::UniqueFd dialFrom(const char* source, const char* target, int port) {
    maas::UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    const sockaddr_in own = endpoint(source, 0);
    const sockaddr_in peer = endpoint(target, port);
    if (!fd || ::bind(fd.get(), reinterpret_cast<const sockaddr*>(&own), sizeof own) != 0 ||
        ::connect(fd.get(), reinterpret_cast<const sockaddr*>(&peer), sizeof peer) != 0) {
        return maas::UniqueFd();
    }
    int one = 1;
    ::setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

/// Reads what is there and schedules it; false when the side closed (what it sent before
/// still goes out, at once: a goodbye must not be lost to the relay).
bool readInto(Direction& d, std::mt19937& random, int maxDelayMs) {
    std::vector<uint8_t> buffer(65536);
    const ssize_t n = ::recv(d.from, buffer.data(), buffer.size(), MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
        return true;
    }
    if (n <= 0) {
        for (auto& chunk : d.queue) {
            chunk.due = Clock::now();
        }
        return false;
    }
    buffer.resize(static_cast<size_t>(n));
    std::uniform_int_distribution<int> delay(0, maxDelayMs);
    const auto due = std::max(d.last_due, Clock::now() + std::chrono::milliseconds(delay(random)));
    d.last_due = due;
    d.queue.push_back({due, std::move(buffer)});
    return true;
}

/// Writes every chunk whose time has come; false when the other side is gone.
bool writeDue(Direction& d) {
    while (!d.queue.empty() && d.queue.front().due <= Clock::now()) {
        const auto& data = d.queue.front().data;
        if (::send(d.to, data.data(), data.size(), MSG_NOSIGNAL) !=
            static_cast<ssize_t>(data.size())) {
            return false;
        }
        d.queue.pop_front();
    }
    return true;
}

int msUntil(const Direction& a, const Direction& b) {
    auto next = Clock::now() + std::chrono::milliseconds(100);
    for (const Direction* d : {&a, &b}) {
        if (!d->queue.empty()) {
            next = std::min(next, d->queue.front().due);
        }
    }
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(next - Clock::now());
    return static_cast<int>(std::max<int64_t>(ms.count(), 0));
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 7) {
        std::fprintf(stderr,
                     "usage: jitter_relay LISTEN_ADDR PORT TARGET_ADDR TARGET_PORT MAX_DELAY_MS "
                     "SECONDS\n");
        return 2;
    }
    const char* listenAddress = argv[1];
    const int maxDelayMs = std::stoi(argv[5]);
    const auto end = Clock::now() + std::chrono::duration<double>(std::stod(argv[6]));
    maas::UniqueFd listener(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    int one = 1;
    ::setsockopt(listener.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    const sockaddr_in sa = endpoint(listenAddress, std::stoi(argv[2]));
    if (!listener ||
        ::bind(listener.get(), reinterpret_cast<const sockaddr*>(&sa), sizeof sa) != 0 ||
        ::listen(listener.get(), 4) != 0) {
        std::perror("jitter_relay: listen");
        return 2;
    }
    std::fprintf(stderr, "jitter_relay: listening\n");  // tests wait for this line
    std::mt19937 random(std::random_device{}());
    maas::UniqueFd client;
    maas::UniqueFd server;
    Direction up;
    Direction down;
    uint64_t connections = 0;
    while (Clock::now() < end) {
        pollfd fds[3] = {
            {listener.get(), POLLIN, 0}, {client.get(), POLLIN, 0}, {server.get(), POLLIN, 0}};
        const int count = client ? 3 : 1;
        ::poll(fds, count, msUntil(up, down));
        if ((fds[0].revents & POLLIN) != 0) {
            client.reset(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
            server = dialFrom(listenAddress, argv[3], std::stoi(argv[4]));
            up = Direction{client.get(), server.get(), {}, {}};
            down = Direction{server.get(), client.get(), {}, {}};
            ++connections;
            if (!server) {
                client.reset();
            }
            continue;
        }
        bool alive = client && server;
        if (alive && (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
            alive = readInto(up, random, maxDelayMs);
        }
        if (alive && (fds[2].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
            alive = readInto(down, random, maxDelayMs);
        }
        const bool written = client && server && writeDue(up) && writeDue(down);
        if (client && (!alive || !written)) {
            client.reset();  // one side closed: close the other, as the path would carry it
            server.reset();
        }
    }
    std::fprintf(stderr, "jitter_relay: %llu connections\n",
                 static_cast<unsigned long long>(connections));
    return 0;
}
