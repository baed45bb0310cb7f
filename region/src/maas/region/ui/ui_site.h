#pragma once

#include <filesystem>
#include <optional>

#include "maas/region/api/dispatcher.h"
#include "maas/region/db/pool.h"
#include "maas/region/http/message.h"
#include "maas/region/http/site.h"
#include "maas/region/ui/accounts.h"
#include "maas/region/ui/assets.h"
#include "maas/region/ui/registration_info.h"

namespace maas::region::ui {

/// The web UI's part of a worker: static files under /MAAS/r/, browser logins under
/// /MAAS/accounts/, session-cookie authentication for the API and the admin-only
/// registration_info call.
class UiSite {
  public:
    struct Options {
        std::filesystem::path ui_dir;
        RegistrationSource registration;
    };

    UiSite(db::Pool& pool, Options options, const Logger& log);

    /// Hooks the UI into the worker's site and API dispatcher (both outlive this object's use).
    void attach(api::Dispatcher& dispatcher, http::Site& site);

    /// A response when the path belongs to the UI, nullopt otherwise.
    std::optional<http::Response> handle(const http::Request& request);

    const LoginStats& loginStats() const { return accounts_.stats(); }

  private:
    Accounts accounts_;
    UiAssets assets_;
    RegistrationSource registration_;
};

/// Options from the process environment: $MAAS_UI_DIR or share/maas/ui beside the
/// executable's bin/, the secret file and regiond.conf's maas_url from common Paths.
UiSite::Options uiOptionsFromEnvironment();

}  // namespace maas::region::ui
