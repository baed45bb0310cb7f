#include <boost/test/unit_test.hpp>

#include "maas/region/auth/oauth.h"

using namespace maas;
using namespace maas::region::auth;

BOOST_AUTO_TEST_SUITE(oauth)

BOOST_AUTO_TEST_CASE(parses_header_the_maas_cli_sends) {
    const auto parsed = parseOAuthHeader(
        "OAuth realm=\"\", oauth_nonce=\"123\", oauth_timestamp=\"1700000000\", "
        "oauth_consumer_key=\"ck\", oauth_signature_method=\"PLAINTEXT\", "
        "oauth_version=\"1.0\", oauth_token=\"tk\", oauth_signature=\"%26secret\"");
    BOOST_REQUIRE(std::holds_alternative<OAuthParams>(parsed));
    const auto& p = std::get<OAuthParams>(parsed);
    BOOST_TEST(p.consumer_key == "ck");
    BOOST_TEST(p.token == "tk");
    BOOST_TEST(p.signature == "&secret");
    BOOST_TEST(p.timestamp == 1700000000);
    BOOST_TEST(p.nonce == "123");
    BOOST_TEST(checkPlaintextSignature(p, "secret"));
    BOOST_TEST(!checkPlaintextSignature(p, "other"));
}

BOOST_AUTO_TEST_CASE(rejects_missing_parameters_and_bad_timestamps) {
    auto r = parseOAuthHeader("OAuth oauth_consumer_key=\"a\"");
    BOOST_REQUIRE(std::holds_alternative<std::string>(r));
    BOOST_TEST(std::get<std::string>(r).find("oauth_token") != std::string::npos);
    r = parseOAuthHeader(
        "OAuth oauth_consumer_key=a,oauth_token=b,oauth_signature=c,"
        "oauth_signature_method=PLAINTEXT,oauth_timestamp=12x,oauth_nonce=n");
    BOOST_TEST(std::get<std::string>(r) == "oauth_timestamp must be an integer");
    BOOST_TEST(std::holds_alternative<std::string>(parseOAuthHeader("Basic abc")));
    // A NUL, percent-encoded, in any parameter: refused before any lookup (C strings).
    for (const char* name : {"oauth_consumer_key", "oauth_token", "oauth_nonce"}) {
        std::string header =
            "OAuth oauth_consumer_key=\"c\", oauth_token=\"t\", oauth_signature=\"%26s\", "
            "oauth_signature_method=\"PLAINTEXT\", oauth_timestamp=\"1\", oauth_nonce=\"n\"";
        const std::string field = std::string(name) + "=\"";
        header.insert(header.find(field) + field.size(), "x%00");
        const auto refused = parseOAuthHeader(header);
        BOOST_TEST(std::holds_alternative<std::string>(refused), name);
    }
    BOOST_TEST(std::holds_alternative<std::string>(parseOAuthHeader("OAuth a=\"unterminated")));
    BOOST_TEST(std::holds_alternative<std::string>(parseOAuthHeader("OAuth a=%zz")));
}

BOOST_AUTO_TEST_CASE(signature_method_must_be_plaintext) {
    OAuthParams p;
    p.signature = "&s";
    p.signature_method = "HMAC-SHA1";
    BOOST_TEST(!checkPlaintextSignature(p, "s"));
}

BOOST_AUTO_TEST_CASE(round_trips_generated_header) {
    const auto key = ApiKey::generate();
    BOOST_TEST(key.consumer_key.size() == 18u);
    BOOST_TEST(key.token_key.size() == 18u);
    BOOST_TEST(key.token_secret.size() == 32u);
    const auto parsed = ApiKey::parse(key.toString());
    BOOST_REQUIRE(parsed);
    BOOST_TEST(parsed->token_secret == key.token_secret);
    const auto p = std::get<OAuthParams>(parseOAuthHeader(makeOAuthHeader(key, 5, "n o")));
    BOOST_TEST(p.nonce == "n o");
    BOOST_TEST(checkPlaintextSignature(p, key.token_secret));
}

BOOST_AUTO_TEST_CASE(timestamp_window) {
    BOOST_TEST(timestampAcceptable(1000, 1000 + kTimestampWindowSeconds));
    BOOST_TEST(!timestampAcceptable(1000, 1001 + kTimestampWindowSeconds));
    BOOST_TEST(!timestampAcceptable(2000 + kTimestampWindowSeconds, 1999));
}

// The claimed secret agrees with checkPlaintextSignature on every signature: the one-statement
// check compares its digest, so a secret it derives must be the only one that signs.
BOOST_AUTO_TEST_CASE(claimed_secret_is_the_only_signing_secret) {
    OAuthParams p;
    p.signature_method = "PLAINTEXT";
    const std::string secrets[] = {"s3cret", "a b&c", "%41", "caf\xc3\xa9", ""};
    for (const auto& secret : secrets) {
        p.signature = "&" + percentEncode(secret);
        const auto claimed = plaintextTokenSecret(p);
        BOOST_REQUIRE(claimed);
        BOOST_TEST(*claimed == secret);
        BOOST_TEST(checkPlaintextSignature(p, *claimed));
    }
    // Hostile spellings: no secret signs them, so none is claimed.
    const std::string refused[] = {"",     "s3cret", "x&s3cret", "&%4",
                                   "&%zz", "&%41",   "&a b",     std::string("&a\0b", 4)};
    for (const auto& signature : refused) {
        p.signature = signature;
        BOOST_TEST(!plaintextTokenSecret(p), signature);
        for (const auto& secret : secrets)
            BOOST_TEST(!checkPlaintextSignature(p, secret), signature << " " << secret);
    }
    p.signature = "&s3cret";
    p.signature_method = "HMAC-SHA1";
    BOOST_TEST(!plaintextTokenSecret(p));
}

BOOST_AUTO_TEST_CASE(secret_digest_is_sha256_hex) {
    BOOST_TEST(tokenSecretDigest("") ==
               "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    BOOST_TEST(tokenSecretDigest("abc") ==
               "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

BOOST_AUTO_TEST_SUITE_END()
