// `notifications` and `notification`, as MAAS's NotificationsHandler and NotificationHandler:
// everyone reads what is meant for them and dismisses it for themselves; admins create,
// update and delete. The region's own notifications (notify/health_sweep) are rows like any.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "maas/region/api/call.h"
#include "maas/region/api/errors.h"
#include "maas/region/api/fields.h"
#include "maas/region/api/routes.h"
#include "maas/region/api/shapes.h"
#include "maas/region/notify/notification_store.h"

namespace maas::region::api {

namespace {

using notify::NotificationRow;
using notify::NotificationStore;

Poco::JSON::Object::Ptr notificationJson(const NotificationRow& n) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("id", n.id);
    o->set("ident", n.ident ? Poco::Dynamic::Var(*n.ident) : Poco::Dynamic::Var());
    o->set("user", n.user ? Poco::Dynamic::Var(userJson(*n.user)) : Poco::Dynamic::Var());
    o->set("users", n.users);
    o->set("admins", n.admins);
    o->set("message", n.message);
    Poco::JSON::Parser parser;
    o->set("context", parser.parse(n.context_json));
    o->set("category", n.category);
    o->set("dismissable", n.dismissable);
    o->set("resource_uri", std::string(kApiPrefix) + "notifications/" + std::to_string(n.id) + "/");
    return o;
}

http::Response one(const NotificationRow& n) {
    return http::Response::json(toJson(notificationJson(n)));
}

NotificationRow existing(const Call& call, NotificationStore& store) {
    const auto id = pathId(call.pathParam("id"), "Notification");
    auto row = store.find(id);
    if (!row)
        throw notFound("Notification");
    return *row;
}

/// The form's user, resolved; a name no user has is refused as MAAS's choice field does.
std::optional<int64_t> formUser(const notify::NotificationFields& f, NotificationStore& store) {
    if (!f.user)
        return std::nullopt;
    const auto id = store.resolveUser(*f.user);
    if (!id)
        throw badRequest("user",
                         "Select a valid choice. That choice is not one of the available choices.");
    return id;
}

http::Response list(const Call& call) {
    Poco::JSON::Array array;
    for (const auto& n : NotificationStore(call.db()).forUser(*call.user))
        array.add(notificationJson(n));
    return http::Response::json(toJson(array));
}

http::Response create(const Call& call) {
    FieldErrors errors;
    const auto f = notify::readNotificationForm(call.params, {}, errors);
    if (!errors.empty())
        throw badRequest(errors);
    NotificationStore store(call.db());
    return one(store.create(f, formUser(f, store)));
}

http::Response read(const Call& call) {
    NotificationStore store(call.db());
    const auto n = existing(call, store);
    if (!n.relevantTo(*call.user) && !call.user->is_superuser)
        throw ApiError(403, "");
    return one(n);
}

http::Response update(const Call& call) {
    NotificationStore store(call.db());
    const auto n = existing(call, store);
    FieldErrors errors;
    const auto f = notify::readNotificationForm(call.params, notify::fieldsOf(n), errors);
    if (!errors.empty())
        throw badRequest(errors);
    return one(store.update(n.id, f, formUser(f, store)));
}

http::Response remove(const Call& call) {
    NotificationStore store(call.db());
    store.remove(existing(call, store).id);
    return http::Response::text(204, "");
}

http::Response dismiss(const Call& call) {
    NotificationStore store(call.db());
    const auto n = existing(call, store);
    if (!n.relevantTo(*call.user))
        throw ApiError(403, "");
    store.dismiss(n.id, call.user->id);
    return http::Response::text(200, "");
}

}  // namespace

void registerNotificationActions(ActionMap& map) {
    map["NotificationsHandler.read"] = {list};
    map["NotificationsHandler.create"] = {create};
    map["NotificationHandler.read"] = {read};
    map["NotificationHandler.update"] = {update};
    map["NotificationHandler.delete"] = {remove};
    map["NotificationHandler.dismiss"] = {dismiss};
}

}  // namespace maas::region::api
