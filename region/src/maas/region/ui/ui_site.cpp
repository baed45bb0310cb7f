#include "maas/region/ui/ui_site.h"

#include <cstdlib>

#include "maas/common/config_schemas.h"
#include "maas/common/paths.h"

namespace maas::region::ui {

UiSite::UiSite(db::Pool& pool, Options options, const Logger& log)
    : accounts_(pool, log),
      assets_(options.ui_dir),
      registration_(std::move(options.registration)) {}

void UiSite::attach(api::Dispatcher& dispatcher, http::Site& site) {
    dispatcher.setSessionAuth([this](db::Connection& conn, const http::Request& request) {
        return accounts_.apiUser(conn, request);
    });
    dispatcher.addActions(
        [this](api::ActionMap& map) { registerRegistrationInfo(map, registration_); });
    site.setUiHandler([this](const http::Request& request) { return handle(request); });
}

std::optional<http::Response> UiSite::handle(const http::Request& request) {
    const auto& path = request.path;
    if (path.starts_with(kUiPrefix) || path == "/MAAS/r")
        return assets_.serve(request);
    if (path.starts_with(kAccountsPrefix))
        return accounts_.handle(request);
    if (path == "/MAAS/" || path == "/MAAS" || path == "/") {
        http::Response r = http::Response::text(302, "See /MAAS/r/\n");
        r.headers.emplace_back("Location", "/MAAS/r/");
        r.metric_label = "ui";
        return r;
    }
    return std::nullopt;
}

UiSite::Options uiOptionsFromEnvironment() {
    const auto paths = Paths::fromProcessEnvironment();
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    UiSite::Options o;
    o.ui_dir = defaultUiDir(ec ? std::filesystem::path("/usr/bin/maas-regiond") : exe,
                            std::getenv("MAAS_UI_DIR"));
    try {
        o.registration.maas_url =
            Settings::load(regiondSchema(), paths.regiond_conf).getString("maas_url");
    } catch (const SettingsError&) {
        // main() has already refused a broken regiond.conf; tests may run without one.
    }
    return o;
}

}  // namespace maas::region::ui
