// A one-connection TCP relay on loopback that a test can freeze: the connection stays open on
// both sides while nothing crosses it any more, as behind a dead NAT entry or a hung peer.
#pragma once

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <stdexcept>
#include <thread>

#include "maas/common/unique_fd.h"
#include "maas/rpc/socket_io.h"

namespace maas::test {

class TcpRelay {
  public:
    explicit TcpRelay(uint16_t target) : target_(target) {
        listen_ = UniqueFd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof(addr);
        if (!listen_ || ::bind(listen_.get(), reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
            ::listen(listen_.get(), 4) != 0 ||
            ::getsockname(listen_.get(), reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
            throw std::runtime_error("relay: cannot listen on loopback");
        }
        port_ = ntohs(addr.sin_port);
        thread_ = std::thread([this] { run(); });
    }
    ~TcpRelay() {
        stopping_ = true;
        thread_.join();
    }
    TcpRelay(const TcpRelay&) = delete;
    TcpRelay& operator=(const TcpRelay&) = delete;

    uint16_t port() const { return port_; }
    /// From now on nothing is forwarded either way; both connections stay open.
    void freeze() { frozen_ = true; }

  private:
    void run() {
        UniqueFd client;
        UniqueFd server;
        while (!stopping_) {
            if (!client) {
                pollfd p{listen_.get(), POLLIN, 0};
                if (::poll(&p, 1, 20) > 0) {
                    client = UniqueFd(::accept4(listen_.get(), nullptr, nullptr, SOCK_CLOEXEC));
                    server = maas::rpc::connectTcp("127.0.0.1", target_,
                                                   std::chrono::milliseconds(2000));
                }
                continue;
            }
            pollfd p[2] = {{client.get(), POLLIN, 0}, {server.get(), POLLIN, 0}};
            if (frozen_ || ::poll(p, 2, 20) <= 0) {
                if (frozen_) {
                    ::poll(nullptr, 0, 20);  // frozen: only a stop ends this
                }
                continue;
            }
            if (!forward(p[0], client, server) || !forward(p[1], server, client)) {
                return;  // one side closed: the relay ends, closing the other
            }
        }
    }
    static bool forward(const pollfd& p, const UniqueFd& from, const UniqueFd& to) {
        if (!(p.revents & (POLLIN | POLLHUP | POLLERR))) {
            return true;
        }
        char buffer[16384];
        const auto n = ::recv(from.get(), buffer, sizeof(buffer), MSG_DONTWAIT);
        if (n <= 0) {
            return n < 0 && errno == EAGAIN;
        }
        for (ssize_t sent = 0; sent < n;) {
            pollfd w{to.get(), POLLOUT, 0};
            ::poll(&w, 1, 1000);
            const auto m = ::send(to.get(), buffer + sent, n - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (m < 0 && errno != EAGAIN) {
                return false;
            }
            sent += m > 0 ? m : 0;
        }
        return true;
    }

    uint16_t target_;
    uint16_t port_ = 0;
    UniqueFd listen_;
    std::atomic<bool> stopping_{false};
    std::atomic<bool> frozen_{false};
    std::thread thread_;
};

}  // namespace maas::test
