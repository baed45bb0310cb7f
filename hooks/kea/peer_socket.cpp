#include "peer_socket.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

#include "maas/hooks/lease_record.h"

namespace maas::hooks::peer_socket {

namespace {

sockaddr_in socketAddress(uint32_t address, uint16_t port) {
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(address);
    sa.sin_port = htons(port);
    return sa;
}

UniqueFd tcpSocket() {
    return UniqueFd(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
}

}  // namespace

UniqueFd listenOn(uint32_t address, uint16_t port) {
    UniqueFd fd = tcpSocket();
    int one = 1;
    ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    const sockaddr_in sa = socketAddress(address, port);
    if (!fd || ::bind(fd.get(), reinterpret_cast<const sockaddr*>(&sa), sizeof sa) != 0 ||
        ::listen(fd.get(), 8) != 0) {
        throw std::runtime_error("cannot listen on " + formatAddress(address) + ":" +
                                 std::to_string(port) + ": " + std::strerror(errno));
    }
    return fd;
}

Dialed dial(uint32_t own, uint32_t peer, uint16_t port) {
    Dialed dialed{tcpSocket(), false};
    if (!dialed.fd) {
        return dialed;
    }
    const sockaddr_in from = socketAddress(own, 0);
    ::bind(dialed.fd.get(), reinterpret_cast<const sockaddr*>(&from), sizeof from);
    const sockaddr_in to = socketAddress(peer, port);
    const int rc = ::connect(dialed.fd.get(), reinterpret_cast<const sockaddr*>(&to), sizeof to);
    if (rc != 0 && errno != EINPROGRESS) {
        dialed.fd.reset();
        return dialed;
    }
    dialed.in_progress = rc != 0;
    return dialed;
}

ConnectOutcome connectOutcome(int fd, int& error) {
    pollfd p{fd, POLLOUT, 0};
    if (::poll(&p, 1, 0) != 1) {
        return ConnectOutcome::Pending;
    }
    error = 0;
    socklen_t length = sizeof error;
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
    return error == 0 ? ConnectOutcome::Connected : ConnectOutcome::Failed;
}

UniqueFd acceptNext(int listener, uint32_t& from) {
    sockaddr_in sa{};
    socklen_t length = sizeof sa;
    UniqueFd fd(::accept4(listener, reinterpret_cast<sockaddr*>(&sa), &length,
                          SOCK_NONBLOCK | SOCK_CLOEXEC));
    from = ntohl(sa.sin_addr.s_addr);
    return fd;
}

bool readable(int fd) {
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, 0) == 1;
}

void tune(int fd, uint32_t userTimeoutMs) {
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ::setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
    ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &one, sizeof one);
    ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &one, sizeof one);
    int probes = 3;
    ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &probes, sizeof probes);
    unsigned int timeout = userTimeoutMs;
    ::setsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &timeout, sizeof timeout);
}

}  // namespace maas::hooks::peer_socket
