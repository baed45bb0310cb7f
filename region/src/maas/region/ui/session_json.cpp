#include "maas/region/ui/session_json.h"

#include <Poco/JSON/Object.h>

#include <sstream>

namespace maas::region::ui {

std::string sessionJson(const api::User& user, const std::string& csrf_token) {
    Poco::JSON::Object o;
    o.set("username", user.username);
    o.set("email", user.email);
    o.set("is_superuser", user.is_superuser);
    o.set("csrf_token", csrf_token);
    std::ostringstream out;
    o.stringify(out);
    return out.str();
}

}  // namespace maas::region::ui
