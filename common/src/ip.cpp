#include "maas/common/ip.h"

#include <arpa/inet.h>

#include <charconv>

namespace maas::net {

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
    if (text.empty() || text.size() > 45)
        return std::nullopt;
    const std::string copy(text);
    IpAddress ip;
    if (copy.find(':') == std::string::npos) {
        ip.family = 4;
        if (inet_pton(AF_INET, copy.c_str(), ip.bytes.data() + 12) != 1)
            return std::nullopt;
        return ip;
    }
    ip.family = 6;
    if (inet_pton(AF_INET6, copy.c_str(), ip.bytes.data()) != 1)
        return std::nullopt;
    return ip;
}

std::string IpAddress::toString() const {
    char buf[INET6_ADDRSTRLEN] = {};
    if (family == 4)
        inet_ntop(AF_INET, bytes.data() + 12, buf, sizeof buf);
    else
        inet_ntop(AF_INET6, bytes.data(), buf, sizeof buf);
    return buf;
}

IpAddress maskAddress(const IpAddress& ip, int prefix) {
    IpAddress out = ip;
    const int offset = ip.family == 4 ? 96 : 0;
    for (int bit = offset + prefix; bit < 128; ++bit)
        out.bytes[bit / 8] &= static_cast<uint8_t>(~(0x80u >> (bit % 8)));
    return out;
}

IpAddress Cidr::last() const {
    IpAddress out = network;
    const int offset = network.family == 4 ? 96 : 0;
    for (int bit = offset + prefix; bit < 128; ++bit)
        out.bytes[bit / 8] |= static_cast<uint8_t>(0x80u >> (bit % 8));
    return out;
}

bool Cidr::contains(const IpAddress& ip) const {
    return ip.family == network.family && maskAddress(ip, prefix) == network;
}

std::string Cidr::toString() const {
    return network.toString() + "/" + std::to_string(prefix);
}

std::optional<Cidr> parseCidr(std::string_view text, std::string& error) {
    const auto slash = text.find('/');
    if (slash == std::string_view::npos) {
        error = "Enter a network in CIDR notation (for example 10.0.0.0/24).";
        return std::nullopt;
    }
    const auto ip = IpAddress::parse(text.substr(0, slash));
    if (!ip) {
        error = "'" + std::string(text.substr(0, slash)) + "' is not a valid IP address.";
        return std::nullopt;
    }
    const auto len = text.substr(slash + 1);
    int prefix = -1;
    const auto [ptr, ec] = std::from_chars(len.data(), len.data() + len.size(), prefix);
    if (len.empty() || ec != std::errc() || ptr != len.data() + len.size() || prefix < 0 ||
        prefix > ip->bits()) {
        error = "Prefix length must be between 0 and " + std::to_string(ip->bits()) + ".";
        return std::nullopt;
    }
    Cidr cidr{maskAddress(*ip, prefix), prefix};
    if (cidr.network != *ip) {
        error = "Host bits are set; did you mean " + cidr.toString() + "?";
        return std::nullopt;
    }
    return cidr;
}

}  // namespace maas::net
