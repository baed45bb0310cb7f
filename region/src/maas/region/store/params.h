#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace maas::region::store {

/// Statement parameters go to libpq as text: integers as decimal, a missing one as NULL.
inline std::string num(int64_t v) {
    return std::to_string(v);
}
inline std::optional<std::string> optNum(const std::optional<int64_t>& v) {
    return v ? std::optional<std::string>(std::to_string(*v)) : std::nullopt;
}

}  // namespace maas::region::store
