#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace maas::net {

/// An IPv4 or IPv6 address held as 16 bytes (IPv4 in the low 4) plus its family.
struct IpAddress {
    int family = 4;  ///< 4 or 6
    std::array<uint8_t, 16> bytes{};

    static std::optional<IpAddress> parse(std::string_view text);
    std::string toString() const;
    int bits() const { return family == 4 ? 32 : 128; }

    auto operator<=>(const IpAddress&) const = default;
};

/// A network: address with host bits zero, and prefix length.
struct Cidr {
    IpAddress network;
    int prefix = 0;

    std::string toString() const;
    bool contains(const IpAddress& ip) const;
    /// First and last address of the network.
    IpAddress first() const { return network; }
    IpAddress last() const;
};

/// Parses "a.b.c.d/n" or "x::/n". Returns the problem in `error` on failure; rejects host bits
/// set ("10.0.0.1/24") naming the network meant.
std::optional<Cidr> parseCidr(std::string_view text, std::string& error);

/// Address with the low (bits - prefix) bits cleared.
IpAddress maskAddress(const IpAddress& ip, int prefix);

}  // namespace maas::net
