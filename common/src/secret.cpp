#include "maas/common/secret.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <fstream>
#include <iterator>

#include "maas/common/atomic_file.h"

namespace maas {

Bytes randomBytes(size_t count) {
    Bytes out(count);
    if (count > 0 && RAND_bytes(out.data(), static_cast<int>(count)) != 1) {
        throw std::runtime_error("RAND_bytes failed");
    }
    return out;
}

std::string toHex(const Bytes& bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (uint8_t b : bytes) {
        out.push_back(kDigits[b >> 4]);
        out.push_back(kDigits[b & 0x0f]);
    }
    return out;
}

std::string toHex(std::string_view bytes) {
    return toHex(Bytes(bytes.begin(), bytes.end()));
}

namespace {

int hexValue(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

}  // namespace

Bytes fromHex(std::string_view hex) {
    if (hex.size() % 2 != 0) {
        throw std::invalid_argument("hex string has odd length");
    }
    Bytes out(hex.size() / 2);
    for (size_t i = 0; i < out.size(); ++i) {
        int hi = hexValue(hex[2 * i]);
        int lo = hexValue(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            throw std::invalid_argument("hex string has a non-hex character");
        }
        out[i] = static_cast<uint8_t>(hi << 4 | lo);
    }
    return out;
}

Secret Secret::generate() {
    return Secret(randomBytes(kBytes));
}

bool Secret::isValidHex(std::string_view hex) {
    if (hex.size() != kBytes * 2) {
        return false;
    }
    for (char c : hex) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

Secret Secret::fromHex(std::string_view hex) {
    if (hex.size() != kBytes * 2) {
        throw SecretError("secret must be 32 hexadecimal characters, got " +
                          std::to_string(hex.size()));
    }
    if (!isValidHex(hex)) {
        throw SecretError("secret must contain only lowercase hexadecimal characters (0-9, a-f)");
    }
    return Secret(maas::fromHex(hex));
}

Secret Secret::readFile(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) {
        throw SecretError("cannot read secret file " + path.string());
    }
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
        text.pop_back();
    }
    try {
        return fromHex(text);
    } catch (const SecretError& e) {
        throw SecretError(path.string() + ": " + e.what());
    }
}

std::string Secret::hex() const {
    return toHex(bytes_);
}

void Secret::writeFile(const std::filesystem::path& path) const {
    writeFileAtomically(path, hex() + "\n", FileMode::Secret);
}

Bytes hmacSha256(const Bytes& key, const Bytes& message) {
    Bytes out(EVP_MAX_MD_SIZE);
    unsigned int length = 0;
    if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), message.data(), message.size(),
             out.data(), &length) == nullptr) {
        throw std::runtime_error("HMAC-SHA256 failed");
    }
    out.resize(length);
    return out;
}

bool constantTimeEqual(const Bytes& a, const Bytes& b) {
    if (a.size() != b.size()) {
        return false;
    }
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace maas
