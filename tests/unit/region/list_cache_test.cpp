#include <boost/test/unit_test.hpp>

#include "maas/region/api/list_cache.h"

using namespace maas::region;
using api::ListCache;
using api::ListStamp;

namespace {

std::shared_ptr<const http::Response> answer(size_t body_bytes) {
    auto r = http::Response::json(std::string(body_bytes, 'x'));
    r.headers.emplace_back("X-Total-Count", "3");
    r.headers.emplace_back("ETag", "\"a-1\"");
    return std::make_shared<const http::Response>(std::move(r));
}

std::shared_ptr<const http::Response> negotiated(const std::string& accept_encoding) {
    auto r = http::Response::json(std::string(2000, 'x'));
    r.headers.emplace_back("X-Total-Count", "3");
    http::negotiate(r, "GET", "", accept_encoding);
    return std::make_shared<const http::Response>(std::move(r));
}

std::string header(const http::Response& r, const std::string& name) {
    for (const auto& [k, v] : r.headers)
        if (k == name)
            return v;
    return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(list_cache)

BOOST_AUTO_TEST_CASE(an_entry_answers_only_its_own_stamp) {
    ListCache cache(1 << 20);
    const ListStamp g1{1, ""}, g2{2, ""}, g1_rack{1, "abc"};
    BOOST_TEST(!cache.find("k", g1));
    cache.put("k", g1, answer(10));
    BOOST_TEST(cache.find("k", g1)->body.size() == 10u);
    // A rack going silent or a write: the old answer is dropped, never served.
    BOOST_TEST(!cache.find("k", g1_rack));
    BOOST_TEST(!cache.find("k", g1));
    cache.put("k", g1, answer(10));
    BOOST_TEST(!cache.find("k", g2));
    BOOST_TEST(cache.entries() == 0u);
    BOOST_TEST(cache.bytes() == 0u);
    BOOST_TEST(cache.hits() == 1u);
    BOOST_TEST(cache.misses() == 4u);
}

BOOST_AUTO_TEST_CASE(bounded_in_bytes_least_recently_used_first) {
    ListCache cache(3000);
    const ListStamp g{1, ""};
    cache.put("a", g, answer(800));
    cache.put("b", g, answer(800));
    cache.put("c", g, answer(800));
    BOOST_TEST(cache.entries() == 3u);
    BOOST_TEST(cache.find("a", g));  // a is now the most recent: b goes first
    cache.put("d", g, answer(800));
    BOOST_TEST(cache.evictions() == 1u);
    BOOST_TEST(!cache.find("b", g));
    BOOST_TEST(cache.find("a", g));
    BOOST_TEST(cache.find("d", g));
    BOOST_TEST(cache.bytes() <= 3000u);
    // Bigger than the whole bound: never kept, and nothing is evicted for it.
    cache.put("huge", g, answer(4000));
    BOOST_TEST(!cache.find("huge", g));
    BOOST_TEST(cache.evictions() == 1u);
    // Replacing an entry releases its bytes.
    const auto before = cache.bytes();
    cache.put("a", g, answer(800));
    BOOST_TEST(cache.bytes() == before);
}

BOOST_AUTO_TEST_CASE(keys_separate_visibility_encoding_and_parameters) {
    using P = std::vector<std::pair<std::string, std::string>>;
    const auto key = [](const std::string& who, const P& p, bool gz) {
        return api::listCacheKey("MachinesHandler.read", who, p, gz);
    };
    BOOST_TEST(key("admin", {}, false) != key("user:bob", {}, false));
    BOOST_TEST(key("admin", {}, false) != key("admin", {}, true));
    BOOST_TEST(key("user:a", {{"b", ""}}, false) != key("user:ab", {}, false));
    // Names in any order are one query; one name's values keep their order.
    BOOST_TEST(key("admin", {{"status", "new"}, {"hostname", "a"}}, false) ==
               key("admin", {{"hostname", "a"}, {"status", "new"}}, false));
    BOOST_TEST(key("admin", {{"hostname", "a"}, {"hostname", "b"}}, false) !=
               key("admin", {{"hostname", "b"}, {"hostname", "a"}}, false));
    BOOST_TEST(key("admin", {{"hostname", "a,b"}}, false) !=
               key("admin", {{"hostname", "a"}, {"hostname", "b"}}, false));
    BOOST_TEST(key("admin", {{"a", "1:2"}}, false) != key("admin", {{"a", "1"}, {"2", ""}}, false));
}

BOOST_AUTO_TEST_CASE(conditional_answers_as_negotiation_does) {
    const auto identity = negotiated(""), gzipped = negotiated("gzip");
    const auto tag = header(*identity, "ETag"), gzip_tag = header(*gzipped, "ETag");
    BOOST_TEST(gzip_tag != tag);
    for (const auto& rep : {identity, gzipped}) {
        for (const auto& inm : {tag, gzip_tag, std::string("W/") + tag, std::string("*")}) {
            const auto r = api::conditionalAnswer(rep, inm);
            BOOST_TEST(r.status == 304);
            BOOST_TEST(r.bodyView().empty());
            BOOST_TEST(header(r, "ETag") == header(*rep, "ETag"));
            BOOST_TEST(header(r, "Content-Encoding").empty());
            BOOST_TEST(header(r, "X-Total-Count") == "3");
            BOOST_TEST(r.negotiated);
        }
        for (const auto& inm : {std::string(), std::string("\"other\""), std::string("\"")}) {
            const auto r = api::conditionalAnswer(rep, inm);
            BOOST_TEST(r.status == 200);
            BOOST_TEST(r.bodyView() == rep->body);
            BOOST_TEST(r.shared_body.get() == &rep->body);  // shared, not copied
            BOOST_TEST(r.negotiated);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
