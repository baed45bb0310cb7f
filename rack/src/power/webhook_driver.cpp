#include "maas/rack/power/webhook_driver.h"

#include <algorithm>

#include <Poco/Base64Encoder.h>
#include <Poco/Exception.h>
#include <Poco/Net/AcceptCertificateHandler.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/URI.h>

#include <memory>

#include <regex>
#include <sstream>

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

bool matches(const std::string& body, const std::string& pattern, const std::string& field) {
    try {
        return std::regex_search(body, std::regex(pattern));
    } catch (const std::regex_error& e) {
        throw PowerError("webhook: " + field + " is not a valid regular expression: " + e.what());
    }
}

std::string excerpt(const std::string& body) {
    auto text = body.substr(0, 200);
    for (auto& c : text) {
        if (c == '\n' || c == '\r') {
            c = ' ';
        }
    }
    return text;
}

/// One client context per verification choice, made once (loading the CAs is not free).
Poco::Net::Context::Ptr tlsContext(bool verify) {
    static const Poco::Net::Context::Ptr strict =
        new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", "",
                               Poco::Net::Context::VERIFY_RELAXED, 9, true);
    static const Poco::Net::Context::Ptr lax = new Poco::Net::Context(
        Poco::Net::Context::TLS_CLIENT_USE, "", "", "", Poco::Net::Context::VERIFY_NONE, 9, false);
    return verify ? strict : lax;
}

/// One request on a (possibly kept-alive) session; the body is read to its end so the
/// connection can carry the next request, or the session is dropped.
HttpResult exchange(Poco::Net::HTTPClientSession& session, const std::string& method,
                    const Poco::URI& uri, const std::map<std::string, std::string>& headers,
                    std::chrono::milliseconds timeout) {
    session.setTimeout(Poco::Timespan(timeout.count() * 1000));
    Poco::Net::HTTPRequest req(method, uri.getPathAndQuery().empty() ? "/" : uri.getPathAndQuery(),
                               Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [k, v] : headers) {
        req.set(k, v);
    }
    req.setContentLength(0);
    req.setKeepAlive(true);
    session.sendRequest(req);
    Poco::Net::HTTPResponse response;
    auto& in = session.receiveResponse(response);
    HttpResult out;
    out.status = static_cast<int>(response.getStatus());
    out.reason = response.getReason();
    char buffer[4096];
    while (in) {
        in.read(buffer, sizeof(buffer));
        if (out.body.size() < kMaxBody) {
            out.body.append(buffer, static_cast<size_t>(in.gcount()));
        }
    }
    if (!response.getKeepAlive()) {
        session.reset();
    }
    return out;
}

}  // namespace

PocoHttpClient::PocoHttpClient() {
    // A certificate that fails verification is refused, never asked about (no console).
    static const bool initialised = [] {
        Poco::Net::initializeSSL();
        Poco::Net::SSLManager::instance().initializeClient(
            nullptr, new Poco::Net::RejectCertificateHandler(false), tlsContext(true));
        return true;
    }();
    (void)initialised;
}

HttpResult PocoHttpClient::request(const std::string& method, const std::string& url,
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
    try {
        for (int attempt = 0;; ++attempt) {
            auto& session = sessions[key];
            const bool reused = session != nullptr;
            if (!session) {
                if (sessions.size() > 64) {  // bounded: forget idle servers
                    sessions.clear();
                    return request(method, url, headers, timeout, verify_tls);
                }
                if (uri.getScheme() == "https") {
                    session = std::make_unique<Poco::Net::HTTPSClientSession>(
                        uri.getHost(), uri.getPort(), tlsContext(verify_tls));
                } else {
                    session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(),
                                                                             uri.getPort());
                }
                session->setKeepAlive(true);
            }
            try {
                return exchange(*session, method, uri, headers, timeout);
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

WebhookDriver::WebhookDriver(HttpClient& http, std::chrono::milliseconds timeout)
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
