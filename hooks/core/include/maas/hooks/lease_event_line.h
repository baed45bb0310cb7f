#pragma once

#include "maas/common/lease_event_wire.h"
#include "maas/hooks/lease_record.h"

namespace maas::hooks {

/// One lease event for rackd, unsequenced (the sender numbers it); encoded by
/// maas::encodeLeaseEventLine, e.g. `lease action=commit ip=192.0.2.10 mac=52:54:00:aa:bb:cc
/// client-id=01:52:... hostname=node1 expires=1764000600 origin=local`.
maas::LeaseEventLine leaseEventLine(const char* action, const LeaseRecord& lease,
                                    const char* origin);

}  // namespace maas::hooks
