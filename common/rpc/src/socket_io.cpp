#include "maas/rpc/socket_io.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

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

/// A plain send/recv result: bytes, 0 on close, -1 (errno EAGAIN) when it would block.
ssize_t plainResult(ssize_t n, const char* what) {
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        throw IoError(errnoText(what));
    }
    if (n < 0) {
        errno = EAGAIN;
    }
    return n;
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

FramedSocket::FramedSocket(UniqueFd fd, std::shared_ptr<maas::tls::PskContext> tls,
                           std::chrono::milliseconds timeout, uint32_t max_payload)
    : fd_(std::move(fd)), decoder_(max_payload) {
    tls_ = std::make_unique<maas::tls::PskStream>(std::move(tls), fd_.get());
    const auto deadline = Clock::now() + timeout;
    while (true) {
        const auto status = tls_->handshake();
        if (status == maas::tls::IoStatus::Done) {
            return;
        }
        if (status == maas::tls::IoStatus::Closed) {
            throw IoError("connection closed during the TLS handshake");
        }
        if (status == maas::tls::IoStatus::Failed) {
            throw TlsHandshakeError("TLS handshake failed: " + tls_->error());
        }
        const short events = status == maas::tls::IoStatus::WantRead ? POLLIN : POLLOUT;
        pollfd p{fd_.get(), events, 0};
        if (::poll(&p, 1, remainingMs(deadline)) <= 0) {
            throw IoError("TLS handshake: timed out");
        }
    }
}

FramedSocket connectRpc(const std::string& host, uint16_t port,
                        std::shared_ptr<maas::tls::PskContext> tls,
                        std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    auto fd = connectTcp(host, port, timeout);
    const auto left = std::chrono::milliseconds(remainingMs(deadline));
    return FramedSocket(std::move(fd), std::move(tls),
                        std::max(left, std::chrono::milliseconds(1)));
}

FramedSocket connectRpc(const std::string& host, uint16_t port, const Bytes& secret,
                        std::chrono::milliseconds timeout) {
    return connectRpc(host, port, maas::tls::rpcContext(maas::tls::Role::Client, secret), timeout);
}

ssize_t FramedSocket::sendSome(const char* data, size_t size, bool& want_read) {
    want_read = false;
    if (!tls_) {
        return plainResult(::send(fd_.get(), data, size, MSG_NOSIGNAL), "send");
    }
    std::string error;
    const auto r = [&] {
        std::lock_guard lock(*tls_mutex_);
        const auto result = tls_->write(data, size);
        error = tls_->error();
        return result;
    }();
    switch (r.status) {
        case maas::tls::IoStatus::Done:
            return static_cast<ssize_t>(r.bytes);
        case maas::tls::IoStatus::WantRead:
            want_read = true;
            [[fallthrough]];
        case maas::tls::IoStatus::WantWrite:
            errno = EAGAIN;
            return -1;
        default:
            throw IoError("TLS send: " + error);
    }
}

ssize_t FramedSocket::receiveSome(char* buffer, size_t size, bool& want_write) {
    want_write = false;
    if (!tls_) {
        return plainResult(::recv(fd_.get(), buffer, size, 0), "recv");
    }
    std::string error;
    const auto r = [&] {
        std::lock_guard lock(*tls_mutex_);
        const auto result = tls_->read(buffer, size);
        error = tls_->error();
        return result;
    }();
    switch (r.status) {
        case maas::tls::IoStatus::Done:
            return static_cast<ssize_t>(r.bytes);
        case maas::tls::IoStatus::Closed:
            return 0;
        case maas::tls::IoStatus::WantWrite:
            want_write = true;
            [[fallthrough]];
        case maas::tls::IoStatus::WantRead:
            errno = EAGAIN;
            return -1;
        default:
            // A record that fails authentication (changed on the way) lands here.
            throw IoError("TLS receive: " + error);
    }
}

void FramedSocket::send(const RpcMessage& message, std::chrono::milliseconds timeout) {
    sendRaw(encodeFrame(encodeMessage(message)), timeout);
}

void FramedSocket::sendRaw(const std::string& bytes, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    size_t offset = 0;
    while (offset < bytes.size()) {
        bool want_read = false;
        const ssize_t n = sendSome(bytes.data() + offset, bytes.size() - offset, want_read);
        if (n > 0) {
            offset += static_cast<size_t>(n);
            continue;
        }
        pollfd p{fd_.get(), static_cast<short>(want_read ? POLLIN : POLLOUT), 0};
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
        bool want_write = false;
        const ssize_t n = receiveSome(buffer, sizeof(buffer), want_write);
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
        const int wait = remainingMs(deadline);
        if (wait == 0) {
            return std::nullopt;
        }
        pollfd p{fd_.get(), static_cast<short>(want_write ? POLLOUT : POLLIN), 0};
        if (::poll(&p, 1, wait) == 0) {
            return std::nullopt;
        }
    }
}

}  // namespace maas::rpc
