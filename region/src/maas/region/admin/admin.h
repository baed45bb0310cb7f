#pragma once

#include <string>
#include <vector>

#include "maas/common/settings.h"
#include "maas/region/auth/oauth.h"

namespace maas::region::admin {

/// Code paths behind `maas createadmin` and `maas apikey`: connect with regiond.conf, bring
/// the schema up to date (under the migration lock), then act. Errors throw with a message
/// meant for the operator (api::ApiError for invalid input, db::PgError for the database).

/// Creates a superuser and its first API key; returns that key.
ApiKey createAdmin(const Settings& regiond, const std::string& username,
                   const std::string& password, const std::string& email);

/// The user's API keys; with generate, a new key is created first (and listed last).
std::vector<ApiKey> apiKeys(const Settings& regiond, const std::string& username, bool generate);

}  // namespace maas::region::admin
