// `account create-authorisation-token|list-authorisation-tokens|delete-authorisation-token`
// and `user read|delete`, as MAAS's AccountHandler and UserHandler.
#include "maas/region/api/call.h"
#include "maas/region/api/errors.h"
#include "maas/region/api/fields.h"
#include "maas/region/api/shapes.h"
#include "maas/region/store/account_store.h"
#include "maas/region/store/users_store.h"

namespace maas::region::api {

namespace {

using Poco::JSON::Object;

http::Response createToken(const Call& call) {
    FieldErrors errors;
    const auto name = textField(call.params, "name", errors).value_or("");
    if (!errors.empty())
        throw badRequest(errors);
    const auto key = store::UsersStore(call.db()).createToken(call.user->id);
    store::AccountStore(call.db()).nameToken(key.token_key, name);
    Object::Ptr o = new Object;
    o->set("token_key", key.token_key);
    o->set("token_secret", key.token_secret);
    o->set("consumer_key", key.consumer_key);
    o->set("name", name);
    return http::Response::json(toJson(o));
}

http::Response listTokens(const Call& call) {
    Poco::JSON::Array out;
    for (const auto& t : store::AccountStore(call.db()).tokens(call.user->id)) {
        Object::Ptr o = new Object;
        o->set("name", t.name);
        o->set("token", t.key.toString());
        out.add(o);
    }
    return http::Response::json(toJson(out));
}

http::Response deleteToken(const Call& call) {
    const auto token_key = call.params.get("token_key");
    if (!token_key)
        throw badRequestText("No provided token_key!");
    if (!store::AccountStore(call.db()).deleteToken(call.user->id, *token_key))
        throw notFound("Token");
    return http::Response::text(204, "");
}

http::Response readUser(const Call& call) {
    const auto user = store::UsersStore(call.db()).findByUsername(call.pathParam("username"));
    if (!user)
        throw notFound("User");
    return http::Response::json(toJson(userJson(*user)));
}

/// MAAS refuses to delete oneself, or a user who still owns machines, addresses or ranges
/// unless transfer_resources_to names who takes them; an unknown user is a no-op (204).
http::Response deleteUser(const Call& call) {
    const auto& username = call.pathParam("username");
    if (username == call.user->username)
        throw badRequestText("An administrator cannot self-delete.");
    store::UsersStore users(call.db());
    const auto user = users.findByUsername(username);
    if (!user)
        return http::Response::text(204, "");
    store::AccountStore account(call.db());
    if (const auto to = call.params.get("transfer_resources_to"); to && !to->empty()) {
        const auto new_owner = users.findByUsername(*to);
        if (!new_owner)
            throw notFound("User");
        account.transferResources(user->id, new_owner->id);
    }
    const auto owned = account.ownedResources(user->id);
    if (!owned.empty()) {
        std::string list;
        for (const auto& o : owned)
            list += (list.empty() ? "" : ", ") + o;
        throw badRequestText("User " + username + " cannot be deleted: " + list +
                             " are still allocated");
    }
    account.deleteUser(user->id);
    return http::Response::text(204, "");
}

}  // namespace

void registerAccountActions(ActionMap& map) {
    map["AccountHandler.create_authorisation_token"] = {createToken};
    map["AccountHandler.list_authorisation_tokens"] = {listTokens};
    map["AccountHandler.delete_authorisation_token"] = {deleteToken};
    map["UserHandler.read"] = {readUser};
    map["UserHandler.delete"] = {deleteUser};
}

}  // namespace maas::region::api
