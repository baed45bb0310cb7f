#include "maas/rack/power/webhook_driver.h"

#include "maas/common/https_client.h"

#include <algorithm>

#include <Poco/Base64Encoder.h>
#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/URI.h>

#include <re2/re2.h>
#include <sys/socket.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>

namespace maas::rack::power {

namespace {

constexpr size_t kMaxBody = 64 * 1024;
constexpr const char* kDefaultOnRegex = "status.*:.*running";
constexpr const char* kDefaultOffRegex = "status.*:.*stopped";

std::string base64(const std::string& text) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.rdbuf()->setLineLength(0);
    encoder << text;
    encoder.close();
    return out.str();
}

// RE2, not std::regex: the body is the BMC's (any size, any text) and std::regex backtracks
// recursively, so a long body overflowed the stack. RE2 is linear in the body and bounded in
// memory; the body itself is already capped at kMaxBody.
bool matches(const std::string& body, const std::string& pattern, const std::string& field) {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(1 << 20);
    const RE2 re(pattern, options);
    if (!re.ok())
        throw PowerError("webhook: " + field + " is not a valid regular expression: " + re.error());
    return RE2::PartialMatch(body, re);
}

/// Shuts a session's socket down at the deadline, so a server trickling headers or a body
/// cannot hold the call past it (each receive timeout alone restarts with every byte).
class Watchdog {
  public:
    Watchdog(int fd, std::chrono::steady_clock::time_point deadline)
        : thread_([this, fd, deadline] {
              std::unique_lock lock(mutex_);
              if (!done_cv_.wait_until(lock, deadline, [this] { return done_; })) {
                  fired_ = true;
                  ::shutdown(fd, SHUT_RDWR);
              }
          }) {}
    ~Watchdog() {
        {
            std::lock_guard lock(mutex_);
            done_ = true;
        }
        done_cv_.notify_all();
        thread_.join();
    }
    bool fired() {
        std::lock_guard lock(mutex_);
        return fired_;
    }

  private:
    std::mutex mutex_;
    std::condition_variable done_cv_;
    bool done_ = false;
    bool fired_ = false;
    std::thread thread_;
};

std::string excerpt(const std::string& body) {
    auto text = body.substr(0, 200);
    for (auto& c : text) {
        if (c == '\n' || c == '\r') {
            c = ' ';
        }
    }
    return text;
}

/// One request on a (possibly kept-alive) session within one deadline for connect, send and
/// read; a body is kept up to kMaxBody and read to its end only if it ends there (so the
/// connection can carry the next request), else the session is dropped.
HttpResult exchange(Poco::Net::HTTPClientSession& session, const std::string& method,
                    const Poco::URI& uri, const std::map<std::string, std::string>& headers,
                    std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    session.setTimeout(Poco::Timespan(timeout.count() * 1000));
    Poco::Net::HTTPRequest req(method, uri.getPathAndQuery().empty() ? "/" : uri.getPathAndQuery(),
                               Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [k, v] : headers) {
        req.set(k, v);
    }
    req.setContentLength(0);
    req.setKeepAlive(true);
    session.sendRequest(req);  // connects first when needed, within the connect timeout
    Watchdog watchdog(session.socket().impl()->sockfd(), deadline);
    const auto overdue = [&] {
        return Poco::TimeoutException("no complete answer within " +
                                      std::to_string(timeout.count()) + " ms");
    };
    try {
        Poco::Net::HTTPResponse response;
        auto& in = session.receiveResponse(response);
        HttpResult out;
        out.status = static_cast<int>(response.getStatus());
        out.reason = response.getReason();
        char buffer[4096];
        while (in && out.body.size() <= kMaxBody) {
            in.read(buffer, sizeof(buffer));
            out.body.append(buffer, static_cast<size_t>(in.gcount()));
        }
        if (watchdog.fired())
            throw overdue();
        if (out.body.size() > kMaxBody) {
            out.body.resize(kMaxBody);  // the rest is never read: this connection is done
            session.reset();
        } else if (!response.getKeepAlive()) {
            session.reset();
        }
        return out;
    } catch (const Poco::Exception&) {
        if (watchdog.fired())
            throw overdue();
        throw;
    }
}

}  // namespace

PocoBmcHttpClient::PocoBmcHttpClient() {
    // A certificate that fails verification is refused, never asked about (no console).
    https::initialiseClients();
}

HttpResult PocoBmcHttpClient::request(const std::string& method, const std::string& url,
                                      const std::map<std::string, std::string>& headers,
                                      std::chrono::milliseconds timeout, bool verify_tls) {
    Poco::URI uri;
    try {
        uri = Poco::URI(url);
    } catch (const Poco::Exception& e) {
        throw PowerError("webhook " + url + ": not a valid URL: " + e.displayText());
    }
    if (uri.getScheme() != "http" && uri.getScheme() != "https") {
        throw PowerError("webhook " + url + ": only http:// and https:// URLs are supported");
    }
    // One kept-alive connection per worker thread and server: a webhook host usually fronts
    // many BMCs, and a new TCP (and TLS) handshake per poll would dominate a sweep.
    thread_local std::map<std::string, std::unique_ptr<Poco::Net::HTTPClientSession>> sessions;
    const auto key = uri.getScheme() + "://" + uri.getAuthority() + (verify_tls ? "" : " lax");
    // One deadline for the whole call, a retry on a fresh connection included.
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    try {
        for (int attempt = 0;; ++attempt) {
            auto& session = sessions[key];
            const bool reused = session != nullptr;
            if (!session) {
                if (sessions.size() > 64) {  // bounded: forget idle servers
                    sessions.clear();
                    return request(method, url, headers, timeout, verify_tls);
                }
                // The host's certificate is checked by name or address as every client of
                // ours does (the system's CAs, TLS 1.2 or later), unless power_verify_ssl=n.
                session = https::openSession(uri, https::ClientTrust{"", !verify_tls});
                session->setKeepAlive(true);
            }
            try {
                const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now());
                if (left.count() <= 0)
                    throw Poco::TimeoutException("no answer within " +
                                                 std::to_string(timeout.count()) + " ms");
                return exchange(*session, method, uri, headers, left);
            } catch (const Poco::TimeoutException&) {
                sessions.erase(key);  // a slow server gets no second wait
                throw;
            } catch (const Poco::Exception&) {
                sessions.erase(key);
                if (!reused || attempt > 0) {
                    throw;
                }
                // The server closed the idle connection: once more on a fresh one.
            }
        }
    } catch (const Poco::Exception& e) {
        throw PowerError("webhook " + uri.getHost() + ":" + std::to_string(uri.getPort()) + ": " +
                         e.displayText());
    } catch (const std::exception& e) {
        throw PowerError("webhook " + uri.getHost() + ": " + e.what());
    }
}

std::map<std::string, std::string> webhookHeaders(const Parameters& parameters) {
    if (const auto token = parameter(parameters, "power_token"); !token.empty()) {
        return {{"Authorization", "Bearer " + token}};
    }
    if (const auto user = parameter(parameters, "power_user"); !user.empty()) {
        return {
            {"Authorization", "Basic " + base64(user + ":" + parameter(parameters, "power_pass"))}};
    }
    return {};
}

std::string webhookStateFromBody(const std::string& body, const Parameters& parameters) {
    auto on = parameter(parameters, "power_on_regex");
    auto off = parameter(parameters, "power_off_regex");
    if (matches(body, on.empty() ? kDefaultOnRegex : on, "power_on_regex")) {
        return "on";
    }
    if (matches(body, off.empty() ? kDefaultOffRegex : off, "power_off_regex")) {
        return "off";
    }
    return "unknown";
}

WebhookDriver::WebhookDriver(BmcHttpClient& http, std::chrono::milliseconds timeout)
    : http_(http), timeout_(timeout) {}

std::string WebhookDriver::perform(PowerAction action, const Parameters& parameters,
                                   std::chrono::milliseconds budget) {
    const auto timeout = std::min(timeout_, budget);
    const char* field = action == PowerAction::On    ? "power_on_uri"
                        : action == PowerAction::Off ? "power_off_uri"
                                                     : "power_query_uri";
    const auto url = parameter(parameters, field);
    if (url.empty()) {
        if (action == PowerAction::Query) {
            return "unknown";  // MAAS: no query URI, state cannot be known
        }
        throw PowerError(std::string("webhook: ") + field + " is not set");
    }
    const auto result = http_.request(action == PowerAction::Query ? "GET" : "POST", url,
                                      webhookHeaders(parameters), timeout,
                                      parameter(parameters, "power_verify_ssl") != "n");
    if (result.status < 200 || result.status > 299) {
        throw PowerError("webhook " + url + ": HTTP " + std::to_string(result.status) + " " +
                         result.reason + (result.body.empty() ? "" : ": " + excerpt(result.body)));
    }
    if (action == PowerAction::Query) {
        return webhookStateFromBody(result.body, parameters);
    }
    return action == PowerAction::On ? "on" : "off";
}

}  // namespace maas::rack::power
