#include "maas/region/net/ranges.h"

namespace maas::region::net {

api::FieldErrors validateIpRange(const Cidr& subnet, const std::string& type,
                                 const std::string& start_text, const std::string& end_text,
                                 const std::vector<ExistingRange>& others,
                                 std::optional<int64_t> self_id,
                                 const std::vector<IpAddress>& in_use) {
    api::FieldErrors errors;
    if (type != "dynamic" && type != "reserved")
        errors.add("type",
                   "Select a valid choice. " + type + " is not one of the available choices.");
    const auto start = IpAddress::parse(start_text);
    const auto end = IpAddress::parse(end_text);
    if (!start)
        errors.add("start_ip", start_text.empty() ? "This field is required."
                                                  : "Enter a valid IPv4 or IPv6 address.");
    if (!end)
        errors.add("end_ip", end_text.empty() ? "This field is required."
                                              : "Enter a valid IPv4 or IPv6 address.");
    if (!start || !end || !errors.empty())
        return errors;
    // MAAS's order (models/iprange.py): the first problem found is the one reported.
    if (start->family != end->family) {
        errors.add("__all__",
                   "Start IP address and end IP address must be in the same address family.");
        return errors;
    }
    if (*end < *start) {
        errors.add("end_ip", "End IP address must not be less than Start IP address.");
        return errors;
    }
    const std::string where = subnet.toString();
    if (!subnet.contains(*start) && !subnet.contains(*end)) {
        errors.add("__all__", "IP addresses must be within subnet: " + where + ".");
        return errors;
    }
    if (!subnet.contains(*start)) {
        errors.add("start_ip", "Start IP address must be within subnet: " + where + ".");
        return errors;
    }
    if (!subnet.contains(*end)) {
        errors.add("end_ip", "End IP address must be within subnet: " + where + ".");
        return errors;
    }
    if (*start == subnet.first()) {
        errors.add("start_ip", "Reserved network address cannot be included in IP range.");
        return errors;
    }
    if (subnet.network.family == 4 && *end == subnet.last()) {
        errors.add("end_ip", "Broadcast address cannot be included in IP range.");
        return errors;
    }
    // Reserved ranges may hold addresses in use; dynamic ranges may hold nothing in use (the
    // gateway, DNS servers, controllers' and machines' addresses): Kea would lease them out.
    const std::string conflict = "Requested " + type + " range conflicts with an existing " +
                                 (type == "reserved" ? "range." : "IP address or range.");
    for (const auto& other : others) {
        if (self_id && other.id == *self_id)
            continue;
        if (!(*end < other.start) && !(other.end < *start)) {
            errors.add("__all__", conflict);
            return errors;
        }
    }
    if (type == "dynamic") {
        for (const auto& ip : in_use) {
            if (!(ip < *start) && !(*end < ip)) {
                errors.add("__all__", conflict);
                return errors;
            }
        }
    }
    return errors;
}

}  // namespace maas::region::net
