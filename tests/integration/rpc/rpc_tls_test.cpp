// The RPC's TLS layer on loopback: a peer without the secret never gets past TLS, cleartext is
// never answered, and a record changed on the way ends the connection.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <atomic>

#include "rpc_server_harness.h"

using namespace rpc_test;

namespace {

/// A user-space relay on loopback that knows no secret: forwards both ways and flips one bit in
/// the last byte of the rack's second encrypted record (the first is its TLS Finished, the
/// second carries the first RPC frame).
class FlippingRelay {
  public:
    explicit FlippingRelay(uint16_t target) : target_(target) {
        listen_.reset(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof(addr);
        BOOST_REQUIRE(::bind(listen_.get(), reinterpret_cast<sockaddr*>(&addr), len) == 0);
        BOOST_REQUIRE(::listen(listen_.get(), 4) == 0);
        ::getsockname(listen_.get(), reinterpret_cast<sockaddr*>(&addr), &len);
        port_ = ntohs(addr.sin_port);
        thread_ = std::thread([this] { run(); });
    }
    ~FlippingRelay() {
        stop_ = true;
        thread_.join();
    }
    uint16_t port() const { return port_; }
    bool flipped() const { return flipped_; }

  private:
    void run() {
        pollfd wait{listen_.get(), POLLIN, 0};
        while (!stop_ && ::poll(&wait, 1, 50) == 0) {
        }
        if (stop_)
            return;
        UniqueFd rack(::accept4(listen_.get(), nullptr, nullptr, SOCK_CLOEXEC));
        UniqueFd region = connectTcp("127.0.0.1", target_, 2000ms);
        char buffer[16384];
        while (!stop_) {
            pollfd fds[2] = {{rack.get(), POLLIN, 0}, {region.get(), POLLIN, 0}};
            if (::poll(fds, 2, 50) <= 0)
                continue;
            for (int i = 0; i < 2; ++i) {
                if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                    continue;
                const ssize_t n = ::recv(fds[i].fd, buffer, sizeof(buffer), MSG_DONTWAIT);
                if (n <= 0)
                    return;
                if (i == 0)
                    scan(buffer, static_cast<size_t>(n));
                const int to = i == 0 ? region.get() : rack.get();
                if (::send(to, buffer, static_cast<size_t>(n), MSG_NOSIGNAL) != n)
                    return;
            }
        }
    }

    /// Follows TLS record headers (type, version, length) across reads.
    void scan(char* data, size_t size) {
        for (size_t i = 0; i < size; ++i) {
            if (header_.size() < 5) {
                header_.push_back(static_cast<uint8_t>(data[i]));
                if (header_.size() == 5) {
                    left_ = static_cast<size_t>(header_[3]) << 8 | header_[4];
                    if (header_[0] == 23)
                        ++application_records_;
                }
                continue;
            }
            if (--left_ == 0) {
                if (application_records_ == 2 && !flipped_) {
                    data[i] ^= 0x01;
                    flipped_ = true;
                }
                header_.clear();
            }
        }
    }

    uint16_t target_;
    std::vector<uint8_t> header_;
    size_t left_ = 0;
    int application_records_ = 0;
    UniqueFd listen_;
    uint16_t port_ = 0;
    std::thread thread_;
    std::atomic<bool> stop_{false};
    std::atomic<bool> flipped_{false};
};

/// The region's alert may reach the client before the region's log line is written: wait for
/// the line, bounded.
bool eventuallyLogged(Region& region, const std::string& start) {
    for (int i = 0; i < 300; ++i) {
        for (const auto& r : region.sink->records())
            if (r.text.starts_with(start))
                return true;
        std::this_thread::sleep_for(10ms);
    }
    return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(rpc_tls)

BOOST_AUTO_TEST_CASE(a_peer_with_another_secret_fails_the_tls_handshake_and_is_logged) {
    Region region;
    BOOST_CHECK_THROW(connectRpc("127.0.0.1", region.server.port(), kOtherSecret, 2000ms),
                      TlsHandshakeError);
    BOOST_TEST(
        eventuallyLogged(region, "Rack controller FAILED authentication from '127.0.0.1' (TLS"));
    BOOST_TEST(region.server.verifiedCount() == 0u);
    auto good = region.connect();
    BOOST_TEST(handshake(good, kSecret).verified());
}

BOOST_AUTO_TEST_CASE(cleartext_rpc_is_never_answered) {
    Region region;
    auto plain = region.connectPlain();
    plain.send(RpcMessage::request(1, command::kHello, nullptr), 1000ms);
    // No refusal frame, no Hello reply: whatever comes back is not a frame, then the close.
    char byte = 0;
    pollfd p{plain.fd(), POLLIN, 0};
    BOOST_REQUIRE(::poll(&p, 1, 3000) == 1);
    std::string answer;
    for (int i = 0; i < 100; ++i) {
        const auto n = ::recv(plain.fd(), &byte, 1, 0);
        if (n <= 0)
            break;
        answer.push_back(byte);
    }
    BOOST_TEST(answer.find("kind") == std::string::npos);
    BOOST_TEST(region.server.verifiedCount() == 0u);
}

BOOST_AUTO_TEST_CASE(a_tls_server_without_the_key_is_refused_by_the_client) {
    // A region keyed by another secret: the rack side fails, it never sends its Hello.
    auto sink = std::make_shared<MemorySink>();
    Logger logger{"regiond[0]", sink};
    MemoryRackDirectory directory{"uuid-1", "0.1.0"};
    RpcServer other(RpcServerOptions{"127.0.0.1", 0, kOtherSecret, "0.1.0"}, directory, logger);
    other.start();
    BOOST_CHECK_THROW(connectRpc("127.0.0.1", other.port(), kSecret, 2000ms), TlsHandshakeError);
}

BOOST_AUTO_TEST_CASE(a_changed_record_ends_the_connection_and_changes_nothing) {
    Region region;
    FlippingRelay relay(region.server.port());
    auto socket = connectRpc("127.0.0.1", relay.port(), kSecret, 2000ms);
    ClientSession session(kSecret, "0.1.0");
    bool closed = false;
    try {
        auto out = session.start();
        for (int i = 0; i < 8 && !out.close; ++i) {
            for (const auto& m : out.send)
                socket.send(m, 1000ms);
            auto payload = socket.receive(3000ms);
            if (!payload)
                break;
            out = session.onPayload(*payload);
        }
        closed = closedByPeer(socket);
    } catch (const IoError&) {
        closed = true;
    }
    BOOST_TEST(relay.flipped());
    BOOST_TEST(closed);
    BOOST_TEST(region.directory.racks().empty());
    BOOST_TEST(eventuallyLogged(region, "dropping connection from '127.0.0.1': TLS"));
}

BOOST_AUTO_TEST_SUITE_END()
