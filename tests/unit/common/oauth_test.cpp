#include <boost/test/unit_test.hpp>

#include "maas/common/oauth.h"

using namespace maas;

BOOST_AUTO_TEST_SUITE(oauth_client)

BOOST_AUTO_TEST_CASE(api_key_needs_three_parts) {
    BOOST_TEST(!ApiKey::parse("a:b"));
    BOOST_TEST(!ApiKey::parse("a:b:c:d"));
    BOOST_TEST(!ApiKey::parse("a::c"));
    const auto key = ApiKey::parse("ck:tk:ts");
    BOOST_REQUIRE(key);
    BOOST_TEST(key->consumer_key == "ck");
    BOOST_TEST(key->token_key == "tk");
    BOOST_TEST(key->token_secret == "ts");
    BOOST_TEST(key->toString() == "ck:tk:ts");
}

BOOST_AUTO_TEST_CASE(generated_keys_have_maas_lengths_and_differ) {
    const auto a = ApiKey::generate();
    const auto b = ApiKey::generate();
    BOOST_TEST(a.consumer_key.size() == 18u);
    BOOST_TEST(a.token_key.size() == 18u);
    BOOST_TEST(a.token_secret.size() == 32u);
    BOOST_TEST(a.toString() != b.toString());
    BOOST_TEST(a.toString().find_first_not_of(
                   "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789:") ==
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(percent_coding) {
    BOOST_TEST(percentEncode("a b&~") == "a%20b%26~");
    BOOST_TEST(*percentDecode("a%20b%26") == "a b&");
    BOOST_TEST(!percentDecode("%2"));
    BOOST_TEST(!percentDecode("%"));
    BOOST_TEST(!percentDecode("%zz"));
}

BOOST_AUTO_TEST_CASE(plaintext_header_signs_with_the_empty_consumer_secret) {
    const ApiKey key{"ck", "tk", "s&cret"};
    BOOST_TEST(makeOAuthHeader(key, 1700000000, "n 1") ==
               "OAuth realm=\"\", oauth_version=\"1.0\", oauth_signature_method=\"PLAINTEXT\", "
               "oauth_consumer_key=\"ck\", oauth_token=\"tk\", "
               "oauth_signature=\"%26s%2526cret\", oauth_nonce=\"n%201\", "
               "oauth_timestamp=\"1700000000\"");
}

BOOST_AUTO_TEST_SUITE_END()
