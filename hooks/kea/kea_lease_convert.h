#pragma once

#include <config.h>

#include <cc/data.h>
#include <dhcpsrv/lease.h>

#include "maas/hooks/lease_record.h"

namespace maas::hooks {

/// A Kea lease as the record we replicate.
LeaseRecord fromKeaLease(const isc::dhcp::Lease4& lease, LeaseRecord::Op op);
/// The arguments of lease4-update for a record (no subnet-id: the partner finds the subnet by
/// address, so the two servers need not number their subnets alike).
isc::data::ElementPtr toUpdateArguments(const LeaseRecord& lease);
/// A lease as lease4-get / lease4-get-page return it. Throws on malformed data.
LeaseRecord fromLeaseElement(const isc::data::ConstElementPtr& element);

}  // namespace maas::hooks
