#pragma once

#include <string>

#include "maas/region/api/models.h"

namespace maas::region::ui {

/// {"username", "email", "is_superuser", "csrf_token"}: what the page learns at login (pure).
std::string sessionJson(const api::User& user, const std::string& csrf_token);

}  // namespace maas::region::ui
