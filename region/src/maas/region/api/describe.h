#pragma once

#include <string>
#include <vector>

#include "maas/region/api/routes.h"

namespace maas::region::api {

/// The describe/ document (as MAAS's DescribeHandler): handlers with params, path, absolute uri
/// (site_url + path, e.g. "http://10.0.0.1:5240") and actions; resources pair anon/auth
/// handlers. `hash` is apiHash(table).
std::string describeDocument(const std::vector<Resource>& table, const std::string& site_url);

/// SHA-1 hex of the table's describe document without URIs: changes exactly when the API does.
/// Sent as X-MAAS-API-Hash on every response.
std::string apiHash(const std::vector<Resource>& table);

}  // namespace maas::region::api
