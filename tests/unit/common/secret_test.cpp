#include <sys/stat.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>

#include "maas/common/secret.h"

using namespace maas;

BOOST_AUTO_TEST_SUITE(secret)

BOOST_AUTO_TEST_CASE(generated_secret_is_32_lowercase_hex) {
    auto s = Secret::generate();
    BOOST_TEST(s.hex().size() == 32u);
    BOOST_TEST(Secret::isValidHex(s.hex()));
    BOOST_TEST(Secret::generate().hex() != s.hex());
}

BOOST_AUTO_TEST_CASE(rejects_bad_secrets_without_echoing_them) {
    BOOST_CHECK_THROW(Secret::fromHex("abc"), SecretError);
    BOOST_CHECK_THROW(Secret::fromHex(std::string(32, 'G')), SecretError);
    BOOST_CHECK_THROW(Secret::fromHex(std::string(32, 'A')), SecretError);  // uppercase
    try {
        Secret::fromHex("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz");
        BOOST_FAIL("expected SecretError");
    } catch (const SecretError& e) {
        BOOST_TEST(std::string(e.what()).find("zzzz") == std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(file_round_trip_with_mode_0640) {
    auto dir = std::filesystem::temp_directory_path() / ("secret-test-" + toHex(randomBytes(4)));
    auto path = dir / "secret";
    auto s = Secret::generate();
    s.writeFile(path);
    struct stat st {};
    BOOST_REQUIRE(::stat(path.c_str(), &st) == 0);
    BOOST_TEST((st.st_mode & 0777) == 0640u);
    BOOST_TEST(Secret::readFile(path).hex() == s.hex());
    std::ofstream(path) << "not-a-secret\n";
    BOOST_CHECK_THROW(Secret::readFile(path), SecretError);
    std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(hmac_sha256_matches_rfc4231_case_2) {
    const std::string key = "Jefe";
    const std::string data = "what do ya want for nothing?";
    auto mac = hmacSha256(Bytes(key.begin(), key.end()), Bytes(data.begin(), data.end()));
    BOOST_TEST(toHex(mac) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

BOOST_AUTO_TEST_CASE(constant_time_equal) {
    BOOST_TEST(constantTimeEqual(Bytes{1, 2, 3}, Bytes{1, 2, 3}));
    BOOST_TEST(!constantTimeEqual(Bytes{1, 2, 3}, Bytes{1, 2, 4}));
    BOOST_TEST(!constantTimeEqual(Bytes{1, 2, 3}, Bytes{1, 2}));
}

BOOST_AUTO_TEST_CASE(hex_round_trip_and_errors) {
    BOOST_TEST(toHex(fromHex("00ff10")) == "00ff10");
    BOOST_CHECK_THROW(fromHex("0"), std::invalid_argument);
    BOOST_CHECK_THROW(fromHex("0g"), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
