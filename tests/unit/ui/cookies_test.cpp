#include <boost/test/unit_test.hpp>

#include "maas/region/ui/cookies.h"

using namespace maas::region::ui;

BOOST_AUTO_TEST_SUITE(cookies)

BOOST_AUTO_TEST_CASE(finds_the_named_cookie_among_others) {
    BOOST_TEST(cookieValue("a=1; maas_session=abc; b=2", "maas_session").value() == "abc");
    BOOST_TEST(cookieValue("maas_session=abc", "maas_session").value() == "abc");
    BOOST_TEST(cookieValue("  maas_session = \"q\" ;x=y", "maas_session").value() == "q");
}

BOOST_AUTO_TEST_CASE(first_occurrence_wins_and_prefixes_do_not_match) {
    BOOST_TEST(cookieValue("maas_session=1; maas_session=2", "maas_session").value() == "1");
    BOOST_TEST(!cookieValue("xmaas_session=1; maas_sessionx=2", "maas_session").has_value());
}

BOOST_AUTO_TEST_CASE(malformed_pairs_are_skipped) {
    BOOST_TEST(!cookieValue("", "maas_session").has_value());
    BOOST_TEST(!cookieValue(";;;", "maas_session").has_value());
    BOOST_TEST(cookieValue("garbage; maas_session=v", "maas_session").value() == "v");
}

BOOST_AUTO_TEST_CASE(tokens_are_64_lowercase_hex) {
    BOOST_TEST(isWellFormedToken(std::string(64, 'a')));
    BOOST_TEST(!isWellFormedToken(std::string(63, 'a')));
    BOOST_TEST(!isWellFormedToken(std::string(64, 'A')));
    BOOST_TEST(!isWellFormedToken(std::string(63, 'a') + ";"));
}

BOOST_AUTO_TEST_CASE(session_cookie_is_httponly_strict_and_scoped) {
    const auto c = sessionCookie("tok", 60, false);
    BOOST_TEST(c == "maas_session=tok; Path=/MAAS/; Max-Age=60; HttpOnly; SameSite=Strict");
    BOOST_TEST(sessionCookie("tok", 60, true).ends_with("; Secure"));
    BOOST_TEST(expiredSessionCookie().find("Max-Age=0") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
