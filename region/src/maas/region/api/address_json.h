#pragma once

#include <Poco/JSON/Object.h>

#include "maas/region/dhcp/lease_store.h"

namespace maas::region::api {

/// A current lease as MAAS renders a DHCP IP address (alloc_type 5).
Poco::JSON::Object::Ptr leaseJson(const dhcp::LeaseRow& lease);

}  // namespace maas::region::api
