#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "maas/region/api/call.h"

namespace maas::region::ui {

/// Where "Add rack controller" gets this MAAS's URL and shared secret.
struct RegistrationSource {
    std::string maas_url;  ///< regiond.conf maas_url; empty: derived from the request's Host
};

/// Registers RackControllersHandler.registration_info: GET rackcontrollers/?op=
/// registration_info -> {"maas_url", "secret"}, for administrators only (403 otherwise).
/// The secret is read from the database (maas_identity) on every call, never from a file, so a
/// region whose file was removed still answers.
void registerRegistrationInfo(api::ActionMap& map, RegistrationSource source);

/// The URL racks should use: the configured one, or http://<host>/MAAS (pure).
std::string registrationUrl(const std::string& configured, const std::string& host);

}  // namespace maas::region::ui
