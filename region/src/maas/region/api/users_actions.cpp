#include "maas/region/api/call.h"
#include "maas/region/api/errors.h"
#include "maas/region/api/fields.h"
#include "maas/region/api/shapes.h"
#include "maas/region/store/users_store.h"

namespace maas::region::api {

namespace {

/// MAAS's UsersHandler.create: username, email, password and is_superuser (all required).
http::Response createUser(const Call& call) {
    FieldErrors errors;
    const auto username = textField(call.params, "username", errors, 150);
    const auto email = textField(call.params, "email", errors, 254);
    const auto password = call.params.get("password");
    const auto is_superuser = boolField(call.params, "is_superuser", errors);
    for (const auto* field : {"username", "email", "password", "is_superuser"})
        if (!call.params.get(field) && !errors.fields().contains(field))
            errors.add(field, "This field is required.");
    if (!errors.empty())
        throw badRequest(errors);
    const auto user =
        store::UsersStore(call.db()).createUser(*username, *password, *email, *is_superuser);
    return http::Response::json(toJson(userJson(user)));
}

}  // namespace

void registerUserActions(ActionMap& map) {
    map["UsersHandler.whoami"] = {
        [](const Call& call) { return http::Response::json(toJson(userJson(*call.user))); }};
    map["UsersHandler.read"] = {[](const Call& call) {
        return http::Response::json(listJson(store::UsersStore(call.db()).list(), userJson));
    }};
    map["UsersHandler.create"] = {createUser};
}

}  // namespace maas::region::api
