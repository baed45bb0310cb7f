// The webhook driver's real HTTP(S) client against local servers on 127.0.0.1: plain HTTP with
// basic auth, HTTPS with a throwaway self-signed certificate (refused unless
// power_verify_ssl=n), a certificate from a trusted CA for another address, and an unreachable
// port.
#define BOOST_TEST_MODULE webhook_client
#include <boost/test/unit_test.hpp>

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>

#include <cstdlib>
#include <filesystem>

#include "maas/rack/power/webhook_driver.h"

using namespace maas::rack::power;
using namespace std::chrono_literals;

namespace {

/// Answers like a BMC webhook: the state for GET, 401 without the expected Authorization.
class Handler : public Poco::Net::HTTPRequestHandler {
  public:
    void handleRequest(Poco::Net::HTTPServerRequest& req,
                       Poco::Net::HTTPServerResponse& res) override {
        if (req.get("Authorization", "") != "Basic dTpw") {
            res.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_UNAUTHORIZED);
            res.send() << "who are you";
            return;
        }
        res.send() << (req.getMethod() == "GET" ? R"({"status": "running"})" : "");
    }
};

struct Factory : Poco::Net::HTTPRequestHandlerFactory {
    Poco::Net::HTTPRequestHandler* createRequestHandler(
        const Poco::Net::HTTPServerRequest&) override {
        return new Handler;
    }
};

struct Server {
    Poco::Net::HTTPServer server;
    explicit Server(const Poco::Net::ServerSocket& socket)
        : server(new Factory, socket, new Poco::Net::HTTPServerParams) {
        server.start();
    }
    ~Server() { server.stopAll(true); }
    std::string base(const std::string& scheme) const {
        return scheme + "://127.0.0.1:" + std::to_string(server.port());
    }
};

Parameters hook(const std::string& base) {
    return {{"power_on_uri", base + "/on"},
            {"power_off_uri", base + "/off"},
            {"power_query_uri", base + "/q"},
            {"power_user", "u"},
            {"power_pass", "p"}};
}

std::string failure(WebhookDriver& driver, PowerAction action, const Parameters& p) {
    try {
        driver.perform(action, p);
    } catch (const PowerError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

BOOST_AUTO_TEST_CASE(plain_http_with_basic_auth) {
    Server server(Poco::Net::ServerSocket(Poco::Net::SocketAddress("127.0.0.1", 0)));
    PocoBmcHttpClient http;
    WebhookDriver driver(http, 5s);
    const auto p = hook(server.base("http"));
    BOOST_TEST(driver.perform(PowerAction::On, p) == "on");
    BOOST_TEST(driver.perform(PowerAction::Query, p) == "on");
    auto wrong = p;
    wrong["power_pass"] = "nope";
    BOOST_TEST(failure(driver, PowerAction::Off, wrong) ==
               "webhook " + p.at("power_off_uri") + ": HTTP 401 Unauthorized: who are you");
}

BOOST_AUTO_TEST_CASE(https_checks_the_certificate_unless_told_not_to) {
    const auto dir =
        std::filesystem::temp_directory_path() / ("webhook-tls-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto key = (dir / "key.pem").string();
    const auto cert = (dir / "cert.pem").string();
    const auto cmd =
        "openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost -days 1 "
        "-keyout " +
        key + " -out " + cert + " >/dev/null 2>&1";
    BOOST_REQUIRE(std::system(cmd.c_str()) == 0);
    Poco::Net::Context::Ptr context = new Poco::Net::Context(
        Poco::Net::Context::TLS_SERVER_USE, key, cert, "", Poco::Net::Context::VERIFY_NONE);
    PocoBmcHttpClient http;  // initialises the SSL library before the server socket is made
    Server server(
        Poco::Net::SecureServerSocket(Poco::Net::SocketAddress("127.0.0.1", 0), 64, context));
    WebhookDriver driver(http, 5s);
    auto p = hook(server.base("https"));
    const auto refused = failure(driver, PowerAction::On, p);
    BOOST_TEST_MESSAGE("self-signed refused: " << refused);
    BOOST_TEST(refused.find("webhook 127.0.0.1:") == 0);
    BOOST_TEST(refused.find("certificate verify failed") != std::string::npos);
    p["power_verify_ssl"] = "n";
    BOOST_TEST(driver.perform(PowerAction::Query, p) == "on");
    std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(unreachable_and_bad_urls_are_clear) {
    PocoBmcHttpClient http;
    WebhookDriver driver(http, 2s);
    Poco::Net::ServerSocket closed(Poco::Net::SocketAddress("127.0.0.1", 0));
    const auto port = closed.address().port();
    closed.close();
    const auto down =
        failure(driver, PowerAction::On, hook("http://127.0.0.1:" + std::to_string(port)));
    BOOST_TEST(down.find("webhook 127.0.0.1:" + std::to_string(port) + ": ") == 0);
    BOOST_TEST(failure(driver, PowerAction::On, hook("ftp://127.0.0.1")) ==
               "webhook ftp://127.0.0.1/on: only http:// and https:// URLs are supported");
}

namespace {

/// Runs a shell command for the test's throwaway PKI; the test fails if it does.
void shell(const std::string& cmd) {
    BOOST_REQUIRE_MESSAGE(std::system((cmd + " >/dev/null 2>&1").c_str()) == 0, cmd);
}

/// A certificate for `san` (an openssl subjectAltName value) signed by the CA in `dir`.
void issue(const std::filesystem::path& dir, const std::string& name, const std::string& san) {
    const auto d = dir.string() + "/";
    shell("openssl req -newkey rsa:2048 -nodes -subj /CN=" + name + " -addext subjectAltName=" +
          san + " -keyout " + d + name + ".key -out " + d + name + ".csr");
    shell("openssl x509 -req -days 1 -copy_extensions copy -CA " + d + "ca.pem -CAkey " + d +
          "ca.key -in " + d + name + ".csr -out " + d + name + ".pem");
}

Poco::Net::SecureServerSocket tlsSocket(const std::filesystem::path& dir, const std::string& name) {
    Poco::Net::Context::Ptr context = new Poco::Net::Context(
        Poco::Net::Context::TLS_SERVER_USE, (dir / (name + ".key")).string(),
        (dir / (name + ".pem")).string(), "", Poco::Net::Context::VERIFY_NONE);
    return Poco::Net::SecureServerSocket(Poco::Net::SocketAddress("127.0.0.1", 0), 64, context);
}

}  // namespace

BOOST_AUTO_TEST_CASE(https_checks_the_address_a_trusted_certificate_names) {
    // A certificate from a trusted CA is accepted only for the address it names, loopback
    // included. The CA is trusted the way the system's store is read (SSL_CERT_FILE).
    const auto dir =
        std::filesystem::temp_directory_path() / ("webhook-ca-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto d = dir.string() + "/";
    shell(
        "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=webhook-test-ca "
        "-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign "
        "-keyout " +
        d + "ca.key -out " + d + "ca.pem");
    issue(dir, "other", "DNS:bmc.other.example");
    issue(dir, "right", "IP:127.0.0.1");
    ::setenv("SSL_CERT_FILE", (dir / "ca.pem").c_str(), 1);
    PocoBmcHttpClient http;
    WebhookDriver driver(http, 5s);
    {
        Server other(tlsSocket(dir, "other"));
        const auto refused = failure(driver, PowerAction::On, hook(other.base("https")));
        BOOST_TEST_MESSAGE("another name refused: " << refused);
        BOOST_TEST(refused.find("certificate verify failed") != std::string::npos);
    }
    {
        Server right(tlsSocket(dir, "right"));
        BOOST_TEST(driver.perform(PowerAction::Query, hook(right.base("https"))) == "on");
    }
    ::unsetenv("SSL_CERT_FILE");
    std::filesystem::remove_all(dir);
}
