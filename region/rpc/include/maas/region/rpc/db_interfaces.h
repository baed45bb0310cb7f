#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "maas/region/db/pg.h"
#include "maas/rpc/commands.h"

namespace maas::region::rpc {

/// A PostgreSQL text[] literal of values, quoted and escaped.
std::string pgTextArray(const std::vector<std::string>& values);

/// Records a node's reported interfaces inside the caller's transaction and places them as
/// MAAS does (net::planInterfaces): missing fabrics, VLANs and subnets are created, addresses
/// linked, gone interfaces removed. Serialised cluster-wide by an advisory lock so two racks
/// reporting at once cannot both take fabric-0.
void recordInterfaces(db::Connection& conn, int64_t node_id,
                      const std::vector<maas::rpc::InterfaceInfo>& interfaces,
                      const std::vector<std::string>& gateways);

}  // namespace maas::region::rpc
