#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "maas/region/ui/registration_info.h"
#include "maas/region/ui/session_json.h"
#include "maas/region/ui/session_store.h"

using namespace maas::region::ui;

BOOST_AUTO_TEST_SUITE(session)

BOOST_AUTO_TEST_CASE(session_json_has_what_the_page_needs) {
    maas::region::api::User u{7, "ad\"min", "a@example.com", true};
    const auto parsed = Poco::JSON::Parser().parse(sessionJson(u, "tok"));
    const auto o = parsed.extract<Poco::JSON::Object::Ptr>();
    BOOST_TEST(o->getValue<std::string>("username") == "ad\"min");
    BOOST_TEST(o->getValue<bool>("is_superuser"));
    BOOST_TEST(o->getValue<std::string>("csrf_token") == "tok");
    BOOST_TEST(!o->has("id"));
}

BOOST_AUTO_TEST_CASE(token_digest_is_sha256_hex) {
    BOOST_TEST(tokenDigest("abc") ==
               "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    BOOST_TEST(tokenDigest("abc") != tokenDigest("abd"));
}

BOOST_AUTO_TEST_CASE(registration_url_prefers_the_configured_one) {
    BOOST_TEST(registrationUrl("http://maas.example:5240/MAAS", "10.0.0.1:5240") ==
               "http://maas.example:5240/MAAS");
    BOOST_TEST(registrationUrl("", "127.0.0.1:5240") == "http://127.0.0.1:5240/MAAS");
}

BOOST_AUTO_TEST_SUITE_END()
