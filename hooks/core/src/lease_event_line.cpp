#include "maas/hooks/lease_event_line.h"

namespace maas::hooks {

namespace {
std::string token(const std::string& value) {
    if (value.empty()) {
        return "-";
    }
    std::string out;
    for (char c : value) {
        const auto u = static_cast<unsigned char>(c);
        out += (u <= 0x20 || u >= 0x7f || c == '=') ? '_' : c;
    }
    return out;
}
}  // namespace

std::string leaseEventLine(const char* action, const LeaseRecord& lease, const char* origin) {
    return std::string("lease action=") + action + " ip=" + formatAddress(lease.address) +
           " mac=" + token(formatHex(lease.hwAddress)) +
           " client-id=" + token(formatHex(lease.clientId)) + " hostname=" + token(lease.hostname) +
           " expires=" + std::to_string(lease.expiresAt()) + " origin=" + origin;
}

}  // namespace maas::hooks
