#include "maas/region/auth/password.h"

#include <openssl/evp.h>

#include <stdexcept>
#include <vector>

#include "maas/common/secret.h"

namespace maas::region::auth {

namespace {

Bytes derive(std::string_view password, const Bytes& salt, int iterations) {
    Bytes out(32);
    if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), salt.data(),
                          static_cast<int>(salt.size()), iterations, EVP_sha256(),
                          static_cast<int>(out.size()), out.data()) != 1)
        throw std::runtime_error("PBKDF2 failed");
    return out;
}

std::vector<std::string_view> split(std::string_view text, char sep) {
    std::vector<std::string_view> parts;
    size_t start = 0;
    while (true) {
        const size_t pos = text.find(sep, start);
        parts.push_back(text.substr(start, pos - start));
        if (pos == std::string_view::npos)
            return parts;
        start = pos + 1;
    }
}

}  // namespace

std::string hashPassword(std::string_view password, int iterations) {
    const Bytes salt = randomBytes(16);
    return "pbkdf2_sha256$" + std::to_string(iterations) + "$" + toHex(salt) + "$" +
           toHex(derive(password, salt, iterations));
}

bool verifyPassword(std::string_view password, std::string_view stored) {
    const auto parts = split(stored, '$');
    if (parts.size() != 4 || parts[0] != "pbkdf2_sha256")
        return false;
    try {
        const int iterations = std::stoi(std::string(parts[1]));
        if (iterations < 1 || iterations > 10'000'000)
            return false;
        const Bytes expected = fromHex(parts[3]);
        return constantTimeEqual(derive(password, fromHex(parts[2]), iterations), expected);
    } catch (const std::exception&) {
        return false;
    }
}

}  // namespace maas::region::auth
