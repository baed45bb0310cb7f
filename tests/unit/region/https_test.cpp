// The HTTPS listener's lifecycle table and the plain port's redirects (pure).
#include <boost/test/unit_test.hpp>

#include "maas/region/http/https_redirect.h"
#include "maas/region/worker/tls_listener.h"

using maas::region::http::httpsLocation;
using maas::region::http::httpsRedirect;
using maas::region::http::Request;
using maas::region::worker::TlsState;
using maas::region::worker::TlsStep;
using maas::region::worker::tlsStep;

namespace {
Request get(std::string path, std::string host = "maas.example.com:5240") {
    Request r;
    r.method = "GET";
    r.path = std::move(path);
    r.host = std::move(host);
    r.local_address = "192.0.2.5";
    return r;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(https)

BOOST_AUTO_TEST_CASE(tls_listener_table_pair_by_pair) {
    const std::optional<std::string> none;
    const std::optional<std::string> a("a");
    BOOST_TEST(int(tlsStep(TlsState::Off, none, "")) == int(TlsStep::Keep));
    BOOST_TEST(int(tlsStep(TlsState::Off, a, "")) == int(TlsStep::Start));
    BOOST_TEST(int(tlsStep(TlsState::Serving, none, "a")) == int(TlsStep::Stop));
    BOOST_TEST(int(tlsStep(TlsState::Serving, a, "a")) == int(TlsStep::Keep));
    BOOST_TEST(int(tlsStep(TlsState::Serving, a, "b")) == int(TlsStep::Replace));
    BOOST_TEST(int(tlsStep(TlsState::Failed, none, "a")) == int(TlsStep::Clear));
    BOOST_TEST(int(tlsStep(TlsState::Failed, a, "a")) == int(TlsStep::Keep));
    BOOST_TEST(int(tlsStep(TlsState::Failed, a, "b")) == int(TlsStep::Start));
    // A port another program held: the same settings are tried again at the next refresh.
    BOOST_TEST(int(tlsStep(TlsState::Retrying, none, "a")) == int(TlsStep::Clear));
    BOOST_TEST(int(tlsStep(TlsState::Retrying, a, "a")) == int(TlsStep::Start));
    BOOST_TEST(int(tlsStep(TlsState::Retrying, a, "b")) == int(TlsStep::Start));
}

BOOST_AUTO_TEST_CASE(ui_and_api_go_to_https_while_tls_is_on) {
    auto r = get("/MAAS/api/2.0/machines/");
    r.query = "op=list&x=1";
    BOOST_TEST(!httpsLocation(r, 0).has_value());
    BOOST_TEST(*httpsLocation(r, 5443) ==
               "https://maas.example.com:5443/MAAS/api/2.0/machines/?op=list&x=1");
    BOOST_TEST(*httpsLocation(get("/MAAS/r/machines"), 5443) ==
               "https://maas.example.com:5443/MAAS/r/machines");
    BOOST_TEST(*httpsLocation(get("/MAAS/", "[2001:db8::1]:5240"), 5443) ==
               "https://[2001:db8::1]:5443/MAAS/");
    auto secure = get("/MAAS/api/2.0/version/");
    secure.secure = true;
    BOOST_TEST(!httpsLocation(secure, 5443).has_value());
}

BOOST_AUTO_TEST_CASE(what_racks_and_balancers_use_stays_on_http) {
    for (const char* path :
         {"/MAAS/rpc/", "/MAAS/rpc", "/MAAS/healthz", "/MAAS/readyz", "/MAAS/metrics"})
        BOOST_TEST(!httpsLocation(get(path), 5443).has_value(), path);
    BOOST_TEST(!httpsLocation(get("/other"), 5443).has_value());
}

BOOST_AUTO_TEST_CASE(a_hostile_host_header_never_shapes_the_location) {
    for (const char* host : {"evil.example/x", "a b", "x\r\nSet-Cookie: y", "[::1", ""}) {
        BOOST_TEST(*httpsLocation(get("/MAAS/", host), 5443) == "https://192.0.2.5:5443/MAAS/",
                   host);
    }
    auto v6 = get("/MAAS/", "");
    v6.local_address = "2001:db8::5";
    BOOST_TEST(*httpsLocation(v6, 5443) == "https://[2001:db8::5]:5443/MAAS/");
}

BOOST_AUTO_TEST_CASE(redirects_keep_the_method_of_writes) {
    auto post = get("/MAAS/accounts/login/");
    post.method = "POST";
    BOOST_TEST(httpsRedirect(post, "https://h:1/").status == 308);
    BOOST_TEST(httpsRedirect(get("/MAAS/"), "https://h:1/").status == 301);
    BOOST_TEST(httpsRedirect(get("/MAAS/"), "https://h:1/").headers.at(0).second == "https://h:1/");
}

BOOST_AUTO_TEST_SUITE_END()
