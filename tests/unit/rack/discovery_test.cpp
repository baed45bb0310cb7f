#include <boost/test/unit_test.hpp>

#include "maas/rack/discovery.h"
#include "maas/rpc/discovery_signature.h"

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

BOOST_AUTO_TEST_CASE(only_an_answer_signed_with_the_secret_is_used) {
    const maas::Bytes secret(16, 0x11);
    const maas::Bytes other(16, 0x22);
    const std::string body = R"({"eventloops": {"r1:pid=10": [["192.0.2.5", 5250]]}})";
    const auto good = maas::rpc::signDiscovery(secret, body);
    BOOST_CHECK_NO_THROW(verifyDiscoveryAnswer("u", body, good, secret));
    BOOST_CHECK_THROW(verifyDiscoveryAnswer("u", body, "", secret), UnverifiedDiscovery);
    BOOST_CHECK_THROW(verifyDiscoveryAnswer("u", body, good, other), UnverifiedDiscovery);
    // One changed character of the list, or of the signature, and it is ignored.
    auto changed = body;
    changed[changed.find("5250")] = '6';
    BOOST_CHECK_THROW(verifyDiscoveryAnswer("u", changed, good, secret), UnverifiedDiscovery);
    auto bad_sig = good;
    bad_sig.back() = bad_sig.back() == '0' ? '1' : '0';
    BOOST_CHECK_THROW(verifyDiscoveryAnswer("u", body, bad_sig, secret), UnverifiedDiscovery);
    BOOST_CHECK_THROW(verifyDiscoveryAnswer("u", body, "hmac-sha256=zz", secret),
                      UnverifiedDiscovery);
    try {
        verifyDiscoveryAnswer("http://x/MAAS/rpc/", body, "", secret);
    } catch (const UnverifiedDiscovery& e) {
        BOOST_TEST(std::string(e.what()).find("not signed") != std::string::npos);
    }
}

BOOST_AUTO_TEST_SUITE_END()
