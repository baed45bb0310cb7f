#pragma once

#include <string>
#include <vector>

#include "maas/region/api/models.h"

namespace maas::region::api {

/// MAAS's rack discovery document: {"eventloops": {"<host>:pid=<pid>": [["<ip>", <port>]]}}.
/// Workers bound to a wildcard address advertise `reached_address` (the address this request
/// arrived on) when they run on this host, since that is an address the rack can reach (pure).
std::string discoveryJson(const std::vector<ProcessEndpoint>& workers,
                          const std::string& this_hostname, const std::string& reached_address);

}  // namespace maas::region::api
