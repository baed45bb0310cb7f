#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "maas/region/api/models.h"
#include "maas/region/db/pg.h"
#include "maas/region/db/pool.h"
#include "maas/region/http/form.h"
#include "maas/region/http/message.h"

namespace maas::region::api {

/// Facts about this region that handlers need (not per request).
struct SiteInfo {
    std::string version;
    int stale_seconds = 30;  ///< a worker without heartbeat this long is gone
};

/// Everything one action sees: the request, its merged parameters (query then body), the
/// path parameters, the authenticated user, and a connection inside the request transaction
/// (or, for actions that run their own transactions, the pool).
struct Call {
    const http::Request& request;
    const http::FormParams& params;
    const std::map<std::string, std::string>& path;
    const std::optional<User>& user;
    db::Connection* conn;  ///< null for actions without database use or with their own
    const SiteInfo& site;
    db::Pool* pool = nullptr;  ///< set only for actions that run their own transactions

    db::Connection& db() const { return *conn; }
    const std::string& pathParam(const std::string& name) const { return path.at(name); }
};

struct ActionImpl {
    std::function<http::Response(const Call&)> run;
    bool needs_db = true;
    /// The action takes short transactions from Call::pool itself instead of running inside
    /// one request transaction, so it holds no connection while it waits (on a rack).
    bool own_transactions = false;
};

/// "<Handler>.<action>" -> implementation; each resource file registers its own.
using ActionMap = std::map<std::string, ActionImpl>;

void registerUserActions(ActionMap& map);
void registerControllerActions(ActionMap& map);
void registerFabricActions(ActionMap& map);
void registerSubnetActions(ActionMap& map);
void registerMachineActions(ActionMap& map);
void registerLeaseActions(ActionMap& map);
void registerInterfaceActions(ActionMap& map);
void registerInterfaceLinkActions(ActionMap& map);
void registerIpAddressActions(ActionMap& map);
void registerSubnetUsageActions(ActionMap& map);
void registerNodeUpdateActions(ActionMap& map);
void registerAccountActions(ActionMap& map);
void registerEventActions(ActionMap& map);
void registerNotificationActions(ActionMap& map);

}  // namespace maas::region::api
