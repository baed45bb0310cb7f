#include <boost/test/unit_test.hpp>

#include "maas/region/http/request_parser.h"

using maas::region::http::RequestParser;
using State = RequestParser::State;

namespace {
RequestParser parsed(std::string_view bytes, RequestParser::Limits limits = {}) {
    RequestParser p(limits);
    p.feed(bytes);
    return p;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(request_parser)

BOOST_AUTO_TEST_CASE(get_without_body_is_complete_at_the_blank_line) {
    auto p = parsed("GET /MAAS/healthz HTTP/1.1\r\nHost: x\r\nX-Odd:  v \r\n\r\n");
    BOOST_TEST(p.complete());
    BOOST_TEST(p.head().method == "GET");
    BOOST_TEST(p.head().target == "/MAAS/healthz");
    BOOST_TEST(p.head().get("x-odd") == "v");
    BOOST_TEST(p.keepAlive());
}

BOOST_AUTO_TEST_CASE(a_body_byte_by_byte_is_complete_only_at_its_end) {
    RequestParser p;
    const std::string request = "POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nhelloGET";
    size_t used = 0;
    for (size_t i = 0; i < request.size() && !p.complete(); ++i) {
        BOOST_TEST(!p.complete());
        used += p.feed(std::string_view(request).substr(i, 1));
    }
    BOOST_TEST(p.complete());
    BOOST_TEST(used == request.size() - 3);  // the pipelined bytes stay unread
    BOOST_TEST(p.takeBody() == "hello");
}

BOOST_AUTO_TEST_CASE(post_without_length_is_refused_at_once_with_411) {
    auto p = parsed("POST /MAAS/api/2.0/fabrics/ HTTP/1.1\r\nHost: x\r\n\r\nname=f");
    BOOST_TEST(p.failed());
    BOOST_TEST(p.errorStatus() == 411);
    BOOST_TEST(!p.keepAlive());
}

BOOST_AUTO_TEST_CASE(chunked_bodies_are_decoded) {
    auto p = parsed(
        "PUT /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
        "5;ext=1\r\nhello\r\n1\r\n!\r\n0\r\nX-Trailer: t\r\n\r\n");
    BOOST_TEST(p.complete());
    BOOST_TEST(p.takeBody() == "hello!");
}

BOOST_AUTO_TEST_CASE(hostile_heads_get_the_right_status) {
    BOOST_TEST(parsed("GET / HTTP/2.0\r\n\r\n").errorStatus() == 505);
    BOOST_TEST(parsed("GET  / HTTP/1.1\r\n\r\n").errorStatus() == 400);
    BOOST_TEST(parsed("GET / HTTP/1.1\r\nBad Header: x\r\n\r\n").errorStatus() == 400);
    BOOST_TEST(parsed("GET / HTTP/1.1\r\nA: x\r\n folded\r\n\r\n").errorStatus() == 400);
    static constexpr char kNulInValue[] = "GET / HTTP/1.1\r\nA: x\0y\r\n\r\n";
    BOOST_TEST(parsed(std::string(kNulInValue, sizeof kNulInValue - 1)).errorStatus() == 400);
    BOOST_TEST(
        parsed("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n").errorStatus() ==
        400);
    BOOST_TEST(parsed("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n").errorStatus() == 400);
    BOOST_TEST(parsed("POST / HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n").errorStatus() ==
               413);
    BOOST_TEST(parsed("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n").errorStatus() == 501);
    BOOST_TEST(parsed("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n")
                   .errorStatus() == 400);
    BOOST_TEST(parsed("PUT / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nffffffffff\r\n")
                   .errorStatus() == 400);
    BOOST_TEST(
        parsed("PUT / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX").errorStatus() ==
        400);
}

BOOST_AUTO_TEST_CASE(heads_and_bodies_are_bounded) {
    RequestParser::Limits limits{64, 10, 3};
    BOOST_TEST(parsed("GET /" + std::string(100, 'a'), limits).errorStatus() == 431);
    BOOST_TEST(parsed(std::string(200, '\n'), limits).errorStatus() == 431);
    BOOST_TEST(
        parsed("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", limits).errorStatus() ==
        431);
    BOOST_TEST(
        parsed("PUT / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n", limits)
            .errorStatus() == 413);
}

BOOST_AUTO_TEST_CASE(connection_reuse_follows_the_version_and_header) {
    BOOST_TEST(!parsed("GET / HTTP/1.1\r\nConnection: close\r\n\r\n").keepAlive());
    BOOST_TEST(!parsed("GET / HTTP/1.0\r\n\r\n").keepAlive());
    BOOST_TEST(parsed("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").keepAlive());
}

BOOST_AUTO_TEST_CASE(expect_continue_is_noticed_before_the_body) {
    RequestParser p;
    p.feed("POST / HTTP/1.1\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");
    BOOST_TEST(p.wantsContinue());
    p.feed("o");
    BOOST_TEST(!p.wantsContinue());
    p.feed("k");
    BOOST_TEST(p.complete());
}

BOOST_AUTO_TEST_CASE(responses_are_framed) {
    using maas::region::http::Response;
    const auto text =
        maas::region::http::serializeResponse(Response::text(200, "ok\n"), false, true);
    BOOST_TEST(text ==
               "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n"
               "Content-Length: 3\r\nConnection: close\r\n\r\nok\n");
    const auto head =
        maas::region::http::serializeResponse(Response::text(200, "ok\n"), true, false);
    BOOST_TEST(head.ends_with("Content-Length: 0\r\n\r\n"));
}

BOOST_AUTO_TEST_SUITE_END()
