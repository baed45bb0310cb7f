#pragma once

#include <string>

#include "maas/hooks/lease_record.h"

namespace maas::hooks {

/// One lease event for rackd, without the trailing newline:
/// `lease action=commit ip=192.0.2.10 mac=52:54:00:aa:bb:cc client-id=01:52:... hostname=node1
///  expires=1764000600 origin=local`. Values never contain spaces; absent ones are "-".
std::string leaseEventLine(const char* action, const LeaseRecord& lease, const char* origin);

}  // namespace maas::hooks
