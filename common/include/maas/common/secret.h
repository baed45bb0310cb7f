#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace maas {

using Bytes = std::vector<uint8_t>;

/// Raised when a secret is missing or malformed; the message never contains the secret.
class SecretError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Cryptographically random bytes (OpenSSL RAND_bytes).
Bytes randomBytes(size_t count);

std::string toHex(const Bytes& bytes);
std::string toHex(std::string_view bytes);
/// Parses lowercase or uppercase hex; throws std::invalid_argument on odd length or bad digits.
Bytes fromHex(std::string_view hex);

/// The shared secret: 16 random bytes, stored as 32 lowercase hex characters.
class Secret {
  public:
    static constexpr size_t kBytes = 16;

    static Secret generate();
    /// Throws SecretError naming the problem (length, characters) but not the value.
    static Secret fromHex(std::string_view hex);
    /// Reads and validates a secret file (trailing newline allowed).
    static Secret readFile(const std::filesystem::path& path);
    static bool isValidHex(std::string_view hex);

    /// Writes atomically with mode 0640 (group "maas" when that group exists).
    void writeFile(const std::filesystem::path& path) const;

    const Bytes& bytes() const { return bytes_; }
    std::string hex() const;

  private:
    explicit Secret(Bytes bytes) : bytes_(std::move(bytes)) {}
    Bytes bytes_;
};

/// HMAC-SHA256(key, message); 32 bytes.
Bytes hmacSha256(const Bytes& key, const Bytes& message);
/// Compares in time independent of where the inputs differ.
bool constantTimeEqual(const Bytes& a, const Bytes& b);

}  // namespace maas
