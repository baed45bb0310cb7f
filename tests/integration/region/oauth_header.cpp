// Test helper: prints an OAuth PLAINTEXT Authorization header for KEY with a fresh nonce, or
// with the given timestamp and nonce (to test replays and clock skew).
//   region_oauth_header KEY [TIMESTAMP NONCE]
#include <ctime>
#include <iostream>
#include <string>

#include "maas/common/oauth.h"
#include "maas/common/secret.h"

int main(int argc, char** argv) {
    if (argc != 2 && argc != 4) {
        std::cerr << "usage: region_oauth_header KEY [TIMESTAMP NONCE]\n";
        return 2;
    }
    const auto key = maas::ApiKey::parse(argv[1]);
    if (!key) {
        std::cerr << "bad key\n";
        return 2;
    }
    const int64_t ts = argc == 4 ? std::stoll(argv[2]) : static_cast<int64_t>(std::time(nullptr));
    const std::string nonce = argc == 4 ? argv[3] : maas::toHex(maas::randomBytes(16));
    std::cout << maas::makeOAuthHeader(*key, ts, nonce) << "\n";
    return 0;
}
