#pragma once

#include <string>
#include <string_view>

namespace maas::region::auth {

/// Salted PBKDF2-HMAC-SHA256, stored as "pbkdf2_sha256$<iterations>$<salt hex>$<hash hex>".
std::string hashPassword(std::string_view password, int iterations = 600000);
/// Constant-time check against a stored hash; false for malformed hashes.
bool verifyPassword(std::string_view password, std::string_view stored);

}  // namespace maas::region::auth
