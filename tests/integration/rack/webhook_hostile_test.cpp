// The webhook driver against hostile BMC webhooks on 127.0.0.1 (a raw socket server): huge
// bodies, endless trickled bodies and trickled headers. Each call must end within its
// deadline with a bounded body, and nothing may crash.
#define BOOST_TEST_MODULE webhook_hostile
#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <thread>

#include "maas/common/unique_fd.h"
#include "maas/rack/power/webhook_driver.h"

using namespace maas;
using namespace maas::rack::power;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

/// Accepts connections and runs `answer` on each after reading the request head. Every loop
/// is bounded by `stop` (set by the destructor) or by its own count.
class RawServer {
  public:
    using Answer = std::function<void(int fd, const std::atomic<bool>& stop)>;
    explicit RawServer(Answer answer) : answer_(std::move(answer)) {
        fd_.reset(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        BOOST_REQUIRE(::bind(fd_.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
        BOOST_REQUIRE(::listen(fd_.get(), 8) == 0);
        socklen_t len = sizeof addr;
        ::getsockname(fd_.get(), reinterpret_cast<sockaddr*>(&addr), &len);
        port_ = ntohs(addr.sin_port);
        thread_ = std::thread([this] { serve(); });
    }
    ~RawServer() {
        stop_ = true;
        ::shutdown(fd_.get(), SHUT_RDWR);
        thread_.join();
    }
    std::string url(const std::string& path) const {
        return "http://127.0.0.1:" + std::to_string(port_) + path;
    }

  private:
    void serve() {
        for (int served = 0; served < 8 && !stop_; ++served) {
            UniqueFd client(::accept4(fd_.get(), nullptr, nullptr, SOCK_CLOEXEC));
            if (!client)
                return;
            timeval tv{0, 200000};
            ::setsockopt(client.get(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
            std::string head;
            char c;
            while (!head.ends_with("\r\n\r\n") && head.size() < 16384 &&
                   ::recv(client.get(), &c, 1, 0) == 1)
                head.push_back(c);
            answer_(client.get(), stop_);
        }
    }

    Answer answer_;
    UniqueFd fd_;
    uint16_t port_ = 0;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

void sendText(int fd, const std::string& text) {
    [[maybe_unused]] auto n = ::send(fd, text.data(), text.size(), MSG_NOSIGNAL);
}

Parameters query(const RawServer& server) {
    return {{"power_query_uri", server.url("/q")}, {"power_on_uri", server.url("/on")}};
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_huge_body_is_matched_in_bounded_time_and_memory) {
    // 2 MiB of near-matches: std::regex ran out of stack on 30 KB of this.
    std::string body;
    while (body.size() < (2u << 20))
        body += "status: stopping, not yet running... ";
    RawServer server([&](int fd, const std::atomic<bool>&) {
        sendText(fd, "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) +
                         "\r\nConnection: close\r\n\r\n" + body);
    });
    PocoBmcHttpClient http;
    WebhookDriver driver(http, 5s);
    const auto started = Clock::now();
    BOOST_TEST(driver.perform(PowerAction::Query, query(server)) == "on");
    BOOST_TEST((Clock::now() - started < 5s));
}

BOOST_AUTO_TEST_CASE(an_endless_trickled_body_ends_at_the_deadline) {
    RawServer server([](int fd, const std::atomic<bool>& stop) {
        sendText(fd, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n");
        for (int i = 0; i < 400 && !stop; ++i) {  // 20 s at most
            sendText(fd, "status ");
            std::this_thread::sleep_for(50ms);
        }
    });
    PocoBmcHttpClient http;
    WebhookDriver driver(http, 1500ms);
    const auto started = Clock::now();
    std::string error;
    try {
        driver.perform(PowerAction::Query, query(server));
    } catch (const PowerError& e) {
        error = e.what();
    }
    const auto took = Clock::now() - started;
    BOOST_TEST(error.find("no complete answer within") != std::string::npos, error);
    BOOST_TEST((took >= 1400ms && took < 3s));
}

BOOST_AUTO_TEST_CASE(trickled_headers_end_at_the_deadline) {
    RawServer server([](int fd, const std::atomic<bool>& stop) {
        sendText(fd, "HTTP/1.1 200 OK\r\nX-Slow: ");
        for (int i = 0; i < 400 && !stop; ++i) {
            sendText(fd, "a");
            std::this_thread::sleep_for(50ms);
        }
    });
    PocoBmcHttpClient http;
    WebhookDriver driver(http, 1500ms);
    const auto started = Clock::now();
    BOOST_CHECK_THROW(driver.perform(PowerAction::On, query(server)), PowerError);
    BOOST_TEST((Clock::now() - started < 3s));
}

BOOST_AUTO_TEST_CASE(a_fast_endless_body_is_cut_at_64_kib) {
    RawServer server([](int fd, const std::atomic<bool>& stop) {
        sendText(fd, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n");
        const std::string block(4096, 'x');
        for (int i = 0; i < 100000 && !stop; ++i)
            if (::send(fd, block.data(), block.size(), MSG_NOSIGNAL) <= 0)
                return;
    });
    PocoBmcHttpClient http;
    WebhookDriver driver(http, 5s);
    const auto started = Clock::now();
    BOOST_TEST(driver.perform(PowerAction::Query, query(server)) == "unknown");
    BOOST_TEST((Clock::now() - started < 3s));
}

BOOST_AUTO_TEST_CASE(an_invalid_custom_regex_names_its_field) {
    RawServer server([](int fd, const std::atomic<bool>&) {
        sendText(fd, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
    });
    PocoBmcHttpClient http;
    WebhookDriver driver(http, 5s);
    auto p = query(server);
    p["power_on_regex"] = "(unclosed";
    try {
        driver.perform(PowerAction::Query, p);
        BOOST_FAIL("expected a PowerError");
    } catch (const PowerError& e) {
        BOOST_TEST(std::string(e.what()).find("power_on_regex") != std::string::npos);
    }
}
