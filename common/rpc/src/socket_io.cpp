#include "maas/rpc/socket_io.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace maas::rpc {

namespace {

using Clock = std::chrono::steady_clock;

int remainingMs(Clock::time_point deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left < 0 ? 0 : static_cast<int>(left);
}

std::string errnoText(const std::string& what) {
    return what + ": " + std::strerror(errno);
}

}  // namespace

std::string formatEndpoint(const std::string& host, uint16_t port) {
    if (host.find(':') != std::string::npos) {
        return "[" + host + "]:" + std::to_string(port);
    }
    return host + ":" + std::to_string(port);
}

UniqueFd connectTcp(const std::string& host, uint16_t port, std::chrono::milliseconds timeout) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const auto service = std::to_string(port);
    if (const int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0) {
        throw IoError("resolve " + host + ": " + gai_strerror(rc));
    }
    std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> holder(found, freeaddrinfo);
    const auto deadline = Clock::now() + timeout;
    std::string last_error = "no address";
    for (auto* ai = found; ai != nullptr; ai = ai->ai_next) {
        UniqueFd fd(::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
        if (!fd) {
            last_error = errnoText("socket");
            continue;
        }
        int one = 1;
        ::setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        if (::connect(fd.get(), ai->ai_addr, ai->ai_addrlen) == 0) {
            return fd;
        }
        if (errno != EINPROGRESS) {
            last_error = errnoText("connect " + formatEndpoint(host, port));
            continue;
        }
        pollfd p{fd.get(), POLLOUT, 0};
        const int rc = ::poll(&p, 1, remainingMs(deadline));
        if (rc <= 0) {
            last_error = "connect " + formatEndpoint(host, port) + ": timed out";
            continue;
        }
        int error = 0;
        socklen_t len = sizeof(error);
        ::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &error, &len);
        if (error == 0) {
            return fd;
        }
        last_error = "connect " + formatEndpoint(host, port) + ": " + std::strerror(error);
    }
    throw IoError(last_error);
}

FramedSocket::FramedSocket(UniqueFd fd, uint32_t max_payload)
    : fd_(std::move(fd)), decoder_(max_payload) {}

void FramedSocket::send(const Message& message, std::chrono::milliseconds timeout) {
    sendRaw(encodeFrame(encodeMessage(message)), timeout);
}

void FramedSocket::sendRaw(const std::string& bytes, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    size_t offset = 0;
    while (offset < bytes.size()) {
        const ssize_t n =
            ::send(fd_.get(), bytes.data() + offset, bytes.size() - offset, MSG_NOSIGNAL);
        if (n > 0) {
            offset += static_cast<size_t>(n);
            continue;
        }
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            throw IoError(errnoText("send"));
        }
        pollfd p{fd_.get(), POLLOUT, 0};
        if (::poll(&p, 1, remainingMs(deadline)) <= 0) {
            throw IoError("send: timed out");
        }
    }
}

std::optional<std::string> FramedSocket::receive(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    char buffer[16384];
    while (true) {
        if (auto payload = decoder_.next()) {
            return payload;
        }
        if (decoder_.failed()) {
            throw IoError("bad frame header (oversize or empty frame)");
        }
        const ssize_t n = ::recv(fd_.get(), buffer, sizeof(buffer), 0);
        if (n > 0) {
            const auto status = decoder_.feed(buffer, static_cast<size_t>(n));
            if (status == FrameDecoder::Status::Oversize) {
                // Deliver what came before the bad header first.
                if (auto payload = decoder_.next()) {
                    return payload;
                }
                throw IoError("frame larger than " + std::to_string(kMaxFrameBytes) + " bytes");
            }
            if (status == FrameDecoder::Status::Empty) {
                if (auto payload = decoder_.next()) {
                    return payload;
                }
                throw IoError("empty frame");
            }
            continue;
        }
        if (n == 0) {
            if (auto payload = decoder_.next()) {
                return payload;
            }
            throw IoError("connection closed by peer");
        }
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            throw IoError(errnoText("recv"));
        }
        const int wait = remainingMs(deadline);
        if (wait == 0) {
            return std::nullopt;
        }
        pollfd p{fd_.get(), POLLIN, 0};
        if (::poll(&p, 1, wait) == 0) {
            return std::nullopt;
        }
    }
}

}  // namespace maas::rpc
