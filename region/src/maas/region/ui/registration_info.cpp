#include "maas/region/ui/registration_info.h"

#include <Poco/JSON/Object.h>

#include <sstream>

#include "maas/common/secret.h"
#include "maas/region/api/errors.h"

namespace maas::region::ui {

std::string registrationUrl(const std::string& configured, const std::string& host) {
    if (!configured.empty())
        return configured;
    return "http://" + (host.empty() ? std::string("localhost:5240") : host) + "/MAAS";
}

void registerRegistrationInfo(api::ActionMap& map, RegistrationSource source) {
    map["RackControllersHandler.registration_info"] = {
        [source](const api::Call& call) {
            std::string secret;
            try {
                secret = Secret::readFile(source.secret_file).hex();
            } catch (const SecretError& e) {
                throw api::ApiError(503, std::string("No usable shared secret: ") + e.what());
            }
            Poco::JSON::Object o;
            o.set("maas_url", registrationUrl(source.maas_url, call.request.host));
            o.set("secret", secret);
            std::ostringstream out;
            o.stringify(out);
            auto r = http::Response::json(out.str());
            r.headers.emplace_back("Cache-Control", "no-store");
            return r;
        },
        false};
}

}  // namespace maas::region::ui
