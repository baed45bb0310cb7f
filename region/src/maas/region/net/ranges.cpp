#include "maas/region/net/ranges.h"

namespace maas::region::net {

api::FieldErrors validateIpRange(const Cidr& subnet, const std::string& type,
                                 const std::string& start_text, const std::string& end_text,
                                 const std::vector<ExistingRange>& others,
                                 std::optional<int64_t> self_id) {
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
    const std::string where = subnet.toString();
    if (!subnet.contains(*start))
        errors.add("start_ip", "Start IP address must be within subnet: " + where + ".");
    if (!subnet.contains(*end))
        errors.add("end_ip", "End IP address must be within subnet: " + where + ".");
    if (!errors.empty())
        return errors;
    if (*end < *start) {
        errors.add("end_ip", "End IP address must not be less than Start IP address.");
        return errors;
    }
    for (const auto& other : others) {
        if (self_id && other.id == *self_id)
            continue;
        if (!(*end < other.start) && !(other.end < *start)) {
            errors.add("__all__", "Requested " + type + " range conflicts with an existing " +
                                      other.type + " range: " + other.start.toString() + "-" +
                                      other.end.toString() + ".");
            break;
        }
    }
    return errors;
}

}  // namespace maas::region::net
