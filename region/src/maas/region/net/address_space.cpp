#include "maas/region/net/address_space.h"

#include <algorithm>
#include <cmath>

namespace maas::region::net {

AddressNumber toNumber(const IpAddress& ip) {
    AddressNumber value = 0;
    for (const auto byte : ip.bytes)
        value = (value << 8) | byte;
    return value;
}

IpAddress fromNumber(AddressNumber value, int family) {
    IpAddress ip;
    ip.family = family;
    for (int i = 15; i >= 0; --i) {
        ip.bytes[static_cast<size_t>(i)] = static_cast<uint8_t>(value & 0xff);
        value >>= 8;
    }
    return ip;
}

namespace {

std::vector<std::string> joined(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    std::sort(a.begin(), a.end());
    a.erase(std::unique(a.begin(), a.end()), a.end());
    return a;
}

std::string percent(double fraction) {
    // Python formats with round-half-even; nearbyint does the same in the default mode.
    return std::to_string(static_cast<long long>(std::nearbyint(fraction * 100.0))) + "%";
}

}  // namespace

AddressSpan usableWindow(const Cidr& subnet) {
    auto first = toNumber(subnet.first());
    auto last = toNumber(subnet.last());
    if (subnet.network.family == 4 && subnet.prefix < 31) {
        ++first;
        --last;
    }
    return {fromNumber(first, subnet.network.family), fromNumber(last, subnet.network.family), {}};
}

std::vector<AddressSpan> normaliseSpans(const Cidr& subnet, std::vector<AddressSpan> spans) {
    const auto low = toNumber(subnet.first());
    const auto high = toNumber(subnet.last());
    std::vector<AddressSpan> clipped;
    for (auto& s : spans) {
        if (s.first.family != subnet.network.family || toNumber(s.last) < low ||
            toNumber(s.first) > high || toNumber(s.first) > toNumber(s.last))
            continue;
        s.first = fromNumber(std::max(toNumber(s.first), low), subnet.network.family);
        s.last = fromNumber(std::min(toNumber(s.last), high), subnet.network.family);
        std::sort(s.purposes.begin(), s.purposes.end());
        clipped.push_back(std::move(s));
    }
    std::sort(clipped.begin(), clipped.end(),
              [](const AddressSpan& a, const AddressSpan& b) { return a.first < b.first; });
    std::vector<AddressSpan> out;
    for (auto& s : clipped) {
        if (!out.empty()) {
            auto& prev = out.back();
            const bool overlaps = toNumber(s.first) <= toNumber(prev.last);
            const bool adjacent_alike =
                toNumber(s.first) == toNumber(prev.last) + 1 && s.purposes == prev.purposes;
            if (overlaps || adjacent_alike) {
                if (toNumber(s.last) > toNumber(prev.last))
                    prev.last = s.last;
                prev.purposes = joined(prev.purposes, s.purposes);
                continue;
            }
        }
        out.push_back(std::move(s));
    }
    return out;
}

std::vector<AddressSpan> unusedSpans(const Cidr& subnet, const std::vector<AddressSpan>& in_use) {
    const auto window = usableWindow(subnet);
    const int family = subnet.network.family;
    auto next = toNumber(window.first);
    const auto end = toNumber(window.last);
    std::vector<AddressSpan> out;
    if (next > end)
        return out;
    for (const auto& s : normaliseSpans(subnet, in_use)) {
        const auto first = toNumber(s.first);
        const auto last = toNumber(s.last);
        if (last < next)
            continue;
        if (first > end)
            break;
        if (first > next)
            out.push_back({fromNumber(next, family), fromNumber(first - 1, family), {}});
        if (last >= end)
            return out;
        next = last + 1;
    }
    out.push_back({fromNumber(next, family), fromNumber(end, family), {}});
    return out;
}

std::optional<IpAddress> nextForAllocation(const Cidr& subnet,
                                           const std::vector<AddressSpan>& in_use) {
    const auto free = unusedSpans(subnet, in_use);
    const AddressSpan* best = nullptr;
    for (const auto& s : free)
        if (!best || s.size() < best->size())
            best = &s;
    if (!best)
        return std::nullopt;
    return best->first;
}

double SubnetStatistics::usage() const {
    if (total == 0)
        return 0.0;
    return static_cast<double>(total - available) / static_cast<double>(total);
}

std::string SubnetStatistics::usageString() const {
    return percent(usage());
}

std::string SubnetStatistics::availableString() const {
    return percent(total == 0 ? 0.0 : 1.0 - usage());
}

SubnetStatistics subnetStatistics(const Cidr& subnet, const std::vector<AddressSpan>& in_use) {
    const auto window = usableWindow(subnet);
    SubnetStatistics stats;
    stats.first_address = window.first;
    stats.last_address = window.last;
    stats.total = window.size();
    for (const auto& s : unusedSpans(subnet, in_use)) {
        stats.available += s.size();
        stats.largest_available = std::max(stats.largest_available, s.size());
    }
    return stats;
}

std::vector<AddressSpan> protocolReservedSpans(const Cidr& subnet) {
    std::vector<AddressSpan> out;
    if (subnet.network.family != 6)
        return out;
    const auto first = toNumber(subnet.first());
    if (subnet.prefix == 64)
        out.push_back({fromNumber(first + 1, 6), fromNumber(first + 0xFFFFFFFFu, 6), {"reserved"}});
    if (subnet.prefix < 127)
        out.push_back({subnet.first(), subnet.first(), {"rfc-4291-2.6.1"}});
    return out;
}

}  // namespace maas::region::net
