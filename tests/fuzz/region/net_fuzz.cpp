// Fuzzes address parsing, range validation and address-space arithmetic (statistics, free
// runs, the next address to allocate): "CIDR\nTYPE\nSTART\nEND" as the API receives them.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "maas/region/net/address_space.h"
#include "maas/region/net/ranges.h"

namespace net = maas::region::net;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::vector<std::string> parts(1);
    for (size_t i = 0; i < size && parts.size() <= 4; ++i) {
        if (data[i] == '\n')
            parts.emplace_back();
        else
            parts.back().push_back(static_cast<char>(data[i]));
    }
    parts.resize(4);
    if (auto ip = net::IpAddress::parse(parts[0]))
        (void)ip->toString();
    std::string error;
    const auto cidr = net::parseCidr(parts[0], error);
    if (!cidr)
        return 0;
    (void)cidr->toString();
    (void)cidr->last();
    const std::vector<net::ExistingRange> others;
    net::validateIpRange(*cidr, parts[1], parts[2], parts[3], others);
    // The same addresses as used spans, in either order and of any family.
    const auto start = net::IpAddress::parse(parts[2]);
    const auto end = net::IpAddress::parse(parts[3]);
    if (start && end) {
        auto spans = net::protocolReservedSpans(*cidr);
        spans.push_back({*start, *end, {parts[1]}});
        spans.push_back({*end, *start, {"assigned-ip"}});
        (void)net::normaliseSpans(*cidr, spans);
        (void)net::unusedSpans(*cidr, spans);
        (void)net::nextForAllocation(*cidr, spans);
        const auto stats = net::subnetStatistics(*cidr, spans);
        (void)stats.usageString();
    }
    return 0;
}
