#pragma once

#include <chrono>
#include <map>
#include <string>

#include "maas/rack/power/driver.h"

namespace maas::rack::power {

struct HttpResult {
    int status = 0;
    std::string reason;
    std::string body;  ///< capped
};

/// One HTTP(S) request; throws PowerError when the server cannot be reached, the URL is bad,
/// or (verify_tls) the server's certificate does not check out.
class BmcHttpClient {
  public:
    virtual ~BmcHttpClient() = default;
    virtual HttpResult request(const std::string& method, const std::string& url,
                               const std::map<std::string, std::string>& headers,
                               std::chrono::milliseconds timeout, bool verify_tls) = 0;
};

/// HTTP and HTTPS over Poco. HTTPS verifies the certificate chain against the system CAs and
/// the host name unless verify_tls is false (power_verify_ssl=n, as MAAS).
class PocoBmcHttpClient final : public BmcHttpClient {
  public:
    PocoBmcHttpClient();
    HttpResult request(const std::string& method, const std::string& url,
                       const std::map<std::string, std::string>& headers,
                       std::chrono::milliseconds timeout, bool verify_tls) override;
};

/// The Authorization header for the parameters (pure): Bearer power_token, else Basic
/// power_user:power_pass, else none.
std::map<std::string, std::string> webhookHeaders(const Parameters& parameters);

/// The state a query answer means (pure): power_on_regex / power_off_regex (MAAS's defaults
/// "status.*:.*running" / "status.*:.*stopped") searched in the body; "unknown" when neither.
/// Throws PowerError on an invalid regex.
std::string webhookStateFromBody(const std::string& body, const Parameters& parameters);

/// `webhook`: POST power_on_uri / power_off_uri, GET power_query_uri.
class WebhookDriver final : public PowerDriver {
  public:
    WebhookDriver(BmcHttpClient& http, std::chrono::milliseconds timeout);
    using PowerDriver::perform;
    std::string perform(PowerAction action, const Parameters& parameters,
                        std::chrono::milliseconds budget) override;

  private:
    BmcHttpClient& http_;
    std::chrono::milliseconds timeout_;
};

}  // namespace maas::rack::power
