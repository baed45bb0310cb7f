#include "maas/region/notify/notification_store.h"

#include <set>

#include "maas/region/api/fields.h"

namespace maas::region::notify {

namespace {

constexpr const char* kColumns =
    "n.id, n.ident, u.id, u.username, u.email, u.is_superuser, n.users, n.admins, n.message,"
    " n.context::text, n.category, n.dismissable, n.raised_by_region,"
    " to_char(n.created AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'),"
    " to_char(n.updated AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";

const std::string kForUserSql =
    std::string("SELECT ") + kColumns +
    " FROM notifications n LEFT JOIN users u ON u.id = n.user_id"
    " WHERE (n.user_id = $1 OR CASE WHEN $2::boolean THEN n.admins ELSE n.users END)"
    " AND NOT EXISTS (SELECT 1 FROM notification_dismissals d"
    "  WHERE d.notification_id = n.id AND d.user_id = $1)"
    " ORDER BY n.id";
const db::Statement kForUser{"notifications_for_user", kForUserSql.c_str()};
const std::string kFindSql = std::string("SELECT ") + kColumns +
                             " FROM notifications n LEFT JOIN users u ON u.id = n.user_id"
                             " WHERE n.id = $1";
const db::Statement kFind{"notification_find", kFindSql.c_str()};
const db::Statement kReleaseIdent{
    "notification_release_ident",
    "UPDATE notifications SET ident = NULL WHERE ident = $1 AND id IS DISTINCT FROM $2"};
const db::Statement kInsert{
    "notification_insert",
    "INSERT INTO notifications (ident, user_id, users, admins, message, context, category,"
    " dismissable) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8) RETURNING id"};
const db::Statement kUpdate{
    "notification_update",
    "UPDATE notifications SET ident = $2, user_id = $3, users = $4, admins = $5, message = $6,"
    " context = $7::jsonb, category = $8, dismissable = $9, updated = now() WHERE id = $1"};
const db::Statement kDelete{"notification_delete", "DELETE FROM notifications WHERE id = $1"};
const db::Statement kDismiss{
    "notification_dismiss",
    "INSERT INTO notification_dismissals (notification_id, user_id) VALUES ($1, $2)"
    " ON CONFLICT DO NOTHING"};
const db::Statement kUserById{"notification_user_by_id", "SELECT id FROM users WHERE id = $1"};
const db::Statement kUserByName{"notification_user_by_name",
                                "SELECT id FROM users WHERE username = $1"};
// The region's rows: an ident held by an operator's row is taken over, as a create would.
const db::Statement kRaise{
    "notification_raise",
    "INSERT INTO notifications (ident, admins, message, context, category, dismissable,"
    " raised_by_region) VALUES ($1, true, $2, $3::jsonb, $4, true, true)"
    " ON CONFLICT (ident) WHERE ident IS NOT NULL DO UPDATE SET message = excluded.message,"
    " context = excluded.context, category = excluded.category, admins = true,"
    " raised_by_region = true, updated = now()"
    " WHERE notifications.message <> excluded.message"
    " OR notifications.context <> excluded.context"
    " OR notifications.category <> excluded.category"
    " OR NOT notifications.raised_by_region"
    " RETURNING (xmax = 0)"};
const db::Statement kClear{"notification_clear",
                           "DELETE FROM notifications WHERE raised_by_region"
                           " AND (ident IS NULL OR NOT (ident = ANY($1::text[])))"};

std::string num(int64_t v) {
    return std::to_string(v);
}
std::string flag(bool v) {
    return v ? "true" : "false";
}

NotificationRow readRow(const db::Result& r, int row) {
    NotificationRow n;
    n.id = r.integer(row, 0);
    n.ident = r.optText(row, 1);
    if (!r.isNull(row, 2))
        n.user = api::User{r.integer(row, 2), r.text(row, 3), r.text(row, 4), r.boolean(row, 5)};
    n.users = r.boolean(row, 6);
    n.admins = r.boolean(row, 7);
    n.message = r.text(row, 8);
    n.context_json = r.text(row, 9);
    n.category = r.text(row, 10);
    n.dismissable = r.boolean(row, 11);
    n.raised_by_region = r.boolean(row, 12);
    n.created = r.text(row, 13);
    n.updated = r.text(row, 14);
    return n;
}

/// A PostgreSQL text[] literal of plain strings.
std::string textArray(const std::vector<RaisedNotification>& raised) {
    std::string out = "{";
    for (const auto& r : raised) {
        if (out.size() > 1)
            out += ",";
        out += "\"";
        for (char c : r.ident) {
            if (c == '"' || c == '\\')
                out += '\\';
            out += c;
        }
        out += "\"";
    }
    return out + "}";
}

db::Params rowParams(const NotificationFields& f, std::optional<int64_t> user_id) {
    return {f.ident,       user_id ? std::optional(num(*user_id)) : std::nullopt,
            flag(f.users), flag(f.admins),
            f.message,     f.context_json,
            f.category,    flag(f.dismissable)};
}

}  // namespace

bool NotificationRow::relevantTo(const api::User& who) const {
    return (user && user->id == who.id) || (users && !who.is_superuser) ||
           (admins && who.is_superuser);
}

NotificationFields fieldsOf(const NotificationRow& row) {
    NotificationFields f;
    f.ident = row.ident;
    if (row.user)
        f.user = std::to_string(row.user->id);
    f.users = row.users;
    f.admins = row.admins;
    f.message = row.message;
    f.context_json = row.context_json;
    f.category = row.category;
    f.dismissable = row.dismissable;
    return f;
}

std::vector<NotificationRow> NotificationStore::forUser(const api::User& who) {
    const auto r = conn_.exec(kForUser, {num(who.id), flag(who.is_superuser)});
    std::vector<NotificationRow> out;
    for (int i = 0; i < r.rows(); ++i)
        out.push_back(readRow(r, i));
    return out;
}

std::optional<NotificationRow> NotificationStore::find(int64_t id) {
    const auto r = conn_.exec(kFind, {num(id)});
    if (r.rows() == 0)
        return std::nullopt;
    return readRow(r, 0);
}

std::optional<int64_t> NotificationStore::resolveUser(const std::string& text) {
    const bool numeric = api::parseInteger(text).has_value();
    const auto r = numeric ? conn_.exec(kUserById, {text}) : conn_.exec(kUserByName, {text});
    if (r.rows() == 0)
        return std::nullopt;
    return r.integer(0, 0);
}

NotificationRow NotificationStore::create(const NotificationFields& f,
                                          std::optional<int64_t> user_id) {
    if (f.ident)
        conn_.exec(kReleaseIdent, {*f.ident, std::nullopt});
    const auto id = conn_.exec(kInsert, rowParams(f, user_id)).integer(0, 0);
    return *find(id);
}

NotificationRow NotificationStore::update(int64_t id, const NotificationFields& f,
                                          std::optional<int64_t> user_id) {
    if (f.ident)
        conn_.exec(kReleaseIdent, {*f.ident, num(id)});
    auto params = rowParams(f, user_id);
    params.insert(params.begin(), num(id));
    conn_.exec(kUpdate, params);
    return *find(id);
}

void NotificationStore::remove(int64_t id) {
    conn_.exec(kDelete, {num(id)});
}

void NotificationStore::dismiss(int64_t id, int64_t user_id) {
    conn_.exec(kDismiss, {num(id), num(user_id)});
}

std::pair<int, int> NotificationStore::syncRaised(const std::vector<RaisedNotification>& raised) {
    int inserted = 0;
    for (const auto& r : raised) {
        const auto result = conn_.exec(kRaise, {r.ident, r.message, r.context_json, r.category});
        if (result.rows() == 1 && result.boolean(0, 0))
            ++inserted;
    }
    const auto cleared = conn_.exec(kClear, {textArray(raised)}).affected();
    return {inserted, static_cast<int>(cleared)};
}

}  // namespace maas::region::notify
