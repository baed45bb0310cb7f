#pragma once

#include <compare>
#include <cstdint>
#include <string>

namespace maas::rack {

/// One region worker's RPC endpoint.
struct Endpoint {
    std::string host;
    uint16_t port = 0;

    auto operator<=>(const Endpoint&) const = default;
    std::string toString() const;
};

}  // namespace maas::rack
