#include "tls_floor.h"

#include <malloc.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <memory>
#include <stdexcept>
#include <vector>

#include "maas/common/tls_psk.h"
#include "maas/common/unique_fd.h"

namespace maas::bench {

namespace {

double processCpuSeconds() {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

struct SessionPair {
    UniqueFd client_fd;
    UniqueFd server_fd;
    std::unique_ptr<tls::Stream> client;
    std::unique_ptr<tls::Stream> server;
};

/// Steps both ends until both are established; bounded (a PSK handshake is three flights).
void handshake(SessionPair& pair) {
    for (int step = 0; step < 16; ++step) {
        const auto c = pair.client->handshake();
        const auto s = pair.server->handshake();
        if (c == tls::IoStatus::Done && s == tls::IoStatus::Done)
            return;
        if (c == tls::IoStatus::Failed || s == tls::IoStatus::Failed)
            throw std::runtime_error("TLS floor: handshake failed: " + pair.client->error() +
                                     pair.server->error());
    }
    throw std::runtime_error("TLS floor: handshake did not finish");
}

}  // namespace

TlsFloor measureTlsFloor(const Bytes& secret, size_t sessions) {
    const auto client_context = tls::rpcContext(tls::Role::Client, secret);
    const auto server_context = tls::rpcContext(tls::Role::Server, secret);
    std::vector<SessionPair> pairs(sessions);
    for (auto& pair : pairs) {
        int fds[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) != 0)
            throw std::runtime_error("TLS floor: socketpair failed");
        pair.client_fd.reset(fds[0]);
        pair.server_fd.reset(fds[1]);
    }
    const size_t heap_before = ::mallinfo2().uordblks;
    const double cpu_before = processCpuSeconds();
    for (auto& pair : pairs) {
        pair.client = std::make_unique<tls::Stream>(client_context, pair.client_fd.get());
        pair.server = std::make_unique<tls::Stream>(server_context, pair.server_fd.get());
        handshake(pair);
    }
    const double cpu = processCpuSeconds() - cpu_before;
    const size_t heap = ::mallinfo2().uordblks - heap_before;
    const auto n = static_cast<double>(sessions);
    // Two sessions (client and server) per pair; the socket pairs were allocated before.
    return {cpu * 1e6 / n, static_cast<double>(heap) / 1024.0 / (2 * n)};
}

}  // namespace maas::bench
