#include <boost/test/unit_test.hpp>

#include "maas/rack/discovery.h"

using namespace maas::rack;

BOOST_AUTO_TEST_SUITE(discovery)

BOOST_AUTO_TEST_CASE(url_joins_with_one_slash) {
    BOOST_TEST(discoveryUrl("http://a:5240/MAAS") == "http://a:5240/MAAS/rpc/");
    BOOST_TEST(discoveryUrl("http://a:5240/MAAS/") == "http://a:5240/MAAS/rpc/");
    BOOST_TEST(urlHost("http://127.0.0.2:5240/MAAS") == "127.0.0.2");
}

BOOST_AUTO_TEST_CASE(parses_every_worker_of_every_region) {
    const auto endpoints = parseDiscovery(
        R"({"eventloops": {"r1:pid=10": [["127.0.0.2", 5250]], "r1:pid=11": [["127.0.0.2", 5251]],
            "r2:pid=12": [["0.0.0.0", 5250]], "dup:pid=13": [["127.0.0.2", 5250]]}})",
        "10.0.0.9");
    BOOST_TEST(endpoints.size() == 3u);
    BOOST_TEST(endpoints.at(0).toString() == "10.0.0.9:5250");
    BOOST_TEST(endpoints.at(1).toString() == "127.0.0.2:5250");
    BOOST_TEST(endpoints.at(2).toString() == "127.0.0.2:5251");
}

BOOST_AUTO_TEST_CASE(null_eventloops_is_empty) {
    BOOST_TEST(parseDiscovery(R"({"eventloops": null})", "h").empty());
}

BOOST_AUTO_TEST_CASE(errors_name_the_problem) {
    auto problem = [](const std::string& body) {
        try {
            parseDiscovery(body, "h");
        } catch (const DiscoveryError& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    BOOST_TEST(problem("{}") == "discovery: eventloops: missing");
    BOOST_TEST(problem(R"({"eventloops": []})") == "discovery: eventloops: must be an object");
    BOOST_TEST(problem(R"({"eventloops": {"x": [["a", 0]]}})") ==
               "discovery: eventloops: x: port 0 out of range");
    BOOST_TEST(problem(R"({"eventloops": {"x": [["a"]]}})") ==
               "discovery: eventloops: x: must be a list of [address, port]");
    BOOST_TEST(problem("<html>").find("discovery: not valid JSON") == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
