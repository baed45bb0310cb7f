#include "maas/hooks/lease_event_line.h"

namespace maas::hooks {

maas::LeaseEventLine leaseEventLine(const char* action, const LeaseRecord& lease,
                                    const char* origin) {
    maas::LeaseEventLine line;
    line.action = action;
    line.ip = formatAddress(lease.address);
    line.mac = formatHex(lease.hw_address);
    line.client_id = formatHex(lease.client_id);
    line.hostname = lease.hostname;
    line.expires = lease.expiresAt();
    line.origin = origin;
    return line;
}

}  // namespace maas::hooks
