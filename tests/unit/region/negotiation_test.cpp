#include <boost/test/unit_test.hpp>

#include <zlib.h>

#include "maas/region/http/negotiation.h"

using namespace maas::region::http;

namespace {

std::string gunzip(const std::string& data) {
    z_stream z{};
    BOOST_REQUIRE(inflateInit2(&z, 15 + 16) == Z_OK);
    std::string out(1 << 20, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    BOOST_TEST(inflate(&z, Z_FINISH) == Z_STREAM_END);
    out.resize(z.total_out);
    inflateEnd(&z);
    return out;
}

std::string header(const Response& r, const std::string& name) {
    for (const auto& [k, v] : r.headers)
        if (k == name)
            return v;
    return "";
}

const std::string kBody = std::string(4000, 'x') + "[]";

}  // namespace

BOOST_AUTO_TEST_SUITE(negotiation)

BOOST_AUTO_TEST_CASE(entity_tags_follow_the_bytes) {
    BOOST_TEST(entityTag(kBody) == entityTag(std::string(kBody)));
    BOOST_TEST(entityTag(kBody) != entityTag(kBody + " "));
    BOOST_TEST(entityTag("").front() == '"');
    BOOST_TEST(entityTag("").back() == '"');
}

BOOST_AUTO_TEST_CASE(if_none_match_lists_weak_tags_and_star) {
    BOOST_TEST(noneMatchNames("\"a\"", "\"a\""));
    BOOST_TEST(noneMatchNames("\"b\", W/\"a\"", "\"a\""));
    BOOST_TEST(noneMatchNames(" * ", "\"a\""));
    BOOST_TEST(!noneMatchNames("a", "\"a\""));
    BOOST_TEST(!noneMatchNames("\"a", "\"a\""));
    BOOST_TEST(!noneMatchNames(",,,", "\"a\""));
    BOOST_TEST(!noneMatchNames(std::string(100000, '"'), "\"a\""));
}

BOOST_AUTO_TEST_CASE(accept_encoding_with_q_values) {
    BOOST_TEST(acceptsGzip("gzip"));
    BOOST_TEST(acceptsGzip("deflate, GZIP;q=0.5"));
    BOOST_TEST(acceptsGzip("x-gzip"));
    BOOST_TEST(acceptsGzip("*"));
    BOOST_TEST(acceptsGzip("br;q=1.0, *;q=0.1"));
    BOOST_TEST(!acceptsGzip(""));
    BOOST_TEST(!acceptsGzip("identity"));
    BOOST_TEST(!acceptsGzip("gzip;q=0"));
    BOOST_TEST(!acceptsGzip("gzip;q=0.000"));
    BOOST_TEST(!acceptsGzip("*;q=1, gzip;q=0"));
    BOOST_TEST(!acceptsGzip("gzip;q=2"));
    BOOST_TEST(!acceptsGzip("gzip;q=abc"));
    BOOST_TEST(!acceptsGzip("gzip;q=0.12345"));
    BOOST_TEST(!acceptsGzip("gzipx, xgzip"));
    BOOST_TEST(acceptsGzip("gzip;level=9"));
}

BOOST_AUTO_TEST_CASE(gzip_when_asked_and_worth_it) {
    auto r = Response::json(kBody);
    negotiate(r, "GET", "", "gzip");
    BOOST_TEST(header(r, "Content-Encoding") == "gzip");
    BOOST_TEST(header(r, "Vary") == "Accept-Encoding");
    BOOST_TEST(gunzip(r.body) == kBody);
    BOOST_TEST(r.body.size() < kBody.size() / 10);
    const auto gz_tag = header(r, "ETag");
    BOOST_TEST(gz_tag != entityTag(kBody));

    auto tiny = Response::json("[]");
    negotiate(tiny, "GET", "", "gzip");
    BOOST_TEST(tiny.body == "[]");
    BOOST_TEST(header(tiny, "Content-Encoding").empty());
    BOOST_TEST(header(tiny, "ETag") == entityTag("[]"));

    auto refused = Response::json(kBody);
    negotiate(refused, "GET", "", "gzip;q=0, identity");
    BOOST_TEST(refused.body == kBody);
    BOOST_TEST(header(refused, "ETag") == entityTag(kBody));
}

BOOST_AUTO_TEST_CASE(not_modified_for_either_tag) {
    const auto tag = entityTag(kBody);
    auto r = Response::json(kBody);
    negotiate(r, "GET", "\"zzz\", " + tag, "");
    BOOST_TEST(r.status == 304);
    BOOST_TEST(r.body.empty());
    BOOST_TEST(header(r, "ETag") == tag);

    auto gz = Response::json(kBody);
    negotiate(gz, "GET", "", "gzip");
    auto again = Response::json(kBody);
    negotiate(again, "GET", "W/" + header(gz, "ETag"), "gzip");
    BOOST_TEST(again.status == 304);

    auto changed = Response::json(kBody + "!");
    negotiate(changed, "GET", tag, "");
    BOOST_TEST(changed.status == 200);
    BOOST_TEST(changed.body == kBody + "!");
}

BOOST_AUTO_TEST_CASE(only_successful_reads) {
    for (const char* method : {"POST", "PUT", "DELETE"}) {
        auto r = Response::json(kBody);
        negotiate(r, method, "*", "gzip");
        BOOST_TEST(r.status == 200);
        BOOST_TEST(r.body == kBody);
        BOOST_TEST(r.headers.empty());
    }
    auto err = Response::text(404, kBody);
    negotiate(err, "GET", "*", "gzip");
    BOOST_TEST(err.status == 404);
    BOOST_TEST(err.body == kBody);
    auto head = Response::json(kBody);
    negotiate(head, "HEAD", "", "");
    BOOST_TEST(header(head, "ETag") == entityTag(kBody));
}

BOOST_AUTO_TEST_SUITE_END()
