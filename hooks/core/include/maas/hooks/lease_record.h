#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace maas::hooks {

using Bytes = std::vector<uint8_t>;

/// One lease change as both servers see it; the unit of replication and of sync pages.
struct LeaseRecord {
    enum class Op : uint8_t { Update = 1, Delete = 2 };

    Op op = Op::Update;
    uint32_t address = 0;  ///< IPv4 in host byte order
    Bytes hw_address;      ///< chaddr (without the htype byte)
    Bytes client_id;       ///< option 61, may be empty
    uint32_t valid_lifetime = 0;
    int64_t cltt = 0;  ///< client last transmission time, seconds since the epoch
    uint32_t subnet_id = 0;
    uint32_t state = 0;  ///< Kea lease state: 0 default, 1 declined, 2 expired-reclaimed
    std::string hostname;
    bool fqdn_forward = false;
    bool fqdn_reverse = false;

    int64_t expiresAt() const { return cltt + valid_lifetime; }
    bool operator==(const LeaseRecord&) const = default;
};

/// Dotted quad of a host-order address.
std::string formatAddress(uint32_t address);
/// Parses a dotted quad; returns false for anything else.
bool parseAddress(const std::string& text, uint32_t& address);
/// "aa:bb:..." lowercase.
std::string formatHex(const Bytes& bytes);

}  // namespace maas::hooks
