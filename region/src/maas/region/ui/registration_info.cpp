#include "maas/region/ui/registration_info.h"

#include <Poco/JSON/Object.h>

#include <sstream>

#include "maas/common/secret.h"
#include "maas/region/api/errors.h"

namespace maas::region::ui {

namespace {
const db::Statement kClusterSecret{"registration_info_secret",
                                   "SELECT shared_secret FROM maas_identity"};
}  // namespace

std::string registrationUrl(const std::string& configured, const std::string& host) {
    if (!configured.empty())
        return configured;
    return "http://" + (host.empty() ? std::string("localhost:5240") : host) + "/MAAS";
}

void registerRegistrationInfo(api::ActionMap& map, RegistrationSource source) {
    map["RackControllersHandler.registration_info"] = {
        [source](const api::Call& call) {
            const auto row = call.db().exec(kClusterSecret, {});
            if (row.rows() != 1 || row.isNull(0, 0))
                throw api::ApiError(503,
                                    "No shared secret yet: no region has started on this "
                                    "database since it was created.");
            const std::string secret = row.text(0, 0);
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
