// Fuzzes address parsing and range validation: "CIDR\nTYPE\nSTART\nEND" as the API receives
// them from a client.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

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
    return 0;
}
