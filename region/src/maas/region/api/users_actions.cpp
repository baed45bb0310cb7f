#include "maas/region/api/call.h"
#include "maas/region/api/shapes.h"
#include "maas/region/store/users_store.h"

namespace maas::region::api {

void registerUserActions(ActionMap& map) {
    map["UsersHandler.whoami"] = {
        [](const Call& call) { return http::Response::json(toJson(userJson(*call.user))); }};
    map["UsersHandler.read"] = {[](const Call& call) {
        return http::Response::json(listJson(store::UsersStore(call.db()).list(), userJson));
    }};
}

}  // namespace maas::region::api
