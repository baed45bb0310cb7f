#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "maas/region/api/models.h"
#include "maas/region/db/pg.h"
#include "maas/region/notify/notification_rules.h"

namespace maas::region::notify {

struct NotificationRow {
    int64_t id = 0;
    std::optional<std::string> ident;
    std::optional<api::User> user;
    bool users = false;
    bool admins = false;
    std::string message;
    std::string context_json;
    std::string category;
    bool dismissable = true;
    bool raised_by_region = false;
    std::string created;  ///< ISO 8601 UTC
    std::string updated;

    /// MAAS's is_relevant_to: the user it names, non-admins for `users`, admins for `admins`.
    bool relevantTo(const api::User& who) const;
};

/// The notifications and their per-user dismissals, inside the caller's transaction.
class NotificationStore {
  public:
    explicit NotificationStore(db::Connection& conn) : conn_(conn) {}

    /// What `who` sees and has not dismissed, oldest first.
    std::vector<NotificationRow> forUser(const api::User& who);
    std::optional<NotificationRow> find(int64_t id);
    /// The user a form's `user` names (an id, or a username); nullopt when there is none.
    std::optional<int64_t> resolveUser(const std::string& text);
    /// A new ident takes over: another row holding it loses it (as MAAS).
    NotificationRow create(const NotificationFields& f, std::optional<int64_t> user_id);
    NotificationRow update(int64_t id, const NotificationFields& f, std::optional<int64_t> user_id);
    void remove(int64_t id);
    /// Idempotent.
    void dismiss(int64_t id, int64_t user_id);

    /// Makes the region's own notifications exactly `raised`: new conditions are inserted,
    /// changed texts updated (dismissals kept), ended conditions deleted. Returns how many
    /// rows it inserted and deleted.
    std::pair<int, int> syncRaised(const std::vector<RaisedNotification>& raised);

  private:
    db::Connection& conn_;
};

/// The fields of a row, as an update starts from.
NotificationFields fieldsOf(const NotificationRow& row);

}  // namespace maas::region::notify
