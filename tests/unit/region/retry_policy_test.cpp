#include <boost/test/unit_test.hpp>

#include "maas/region/db/retry_policy.h"

using namespace maas::region::db;
using std::chrono::milliseconds;

BOOST_AUTO_TEST_SUITE(retry_policy)

BOOST_AUTO_TEST_CASE(reads_retry_with_growing_backoff_until_the_limit) {
    const RetryPolicy p;
    BOOST_TEST(p.retryAfter(2, "GET", true).value() == milliseconds(250));
    BOOST_TEST(p.retryAfter(3, "GET", true).value() == milliseconds(500));
    BOOST_TEST(p.retryAfter(4, "HEAD", false).value() == milliseconds(1000));
    BOOST_TEST(!p.retryAfter(5, "GET", false).has_value());
    BOOST_TEST(!p.retryAfter(1, "GET", false).has_value());
}

BOOST_AUTO_TEST_CASE(writes_retry_only_when_commit_was_never_sent) {
    const RetryPolicy p;
    for (const char* method : {"POST", "PUT", "DELETE"}) {
        BOOST_TEST(p.retryAfter(2, method, false).has_value(), method);
        BOOST_TEST(!p.retryAfter(2, method, true).has_value(), method);
    }
}

BOOST_AUTO_TEST_CASE(read_methods) {
    BOOST_TEST(isReadMethod("GET"));
    BOOST_TEST(isReadMethod("OPTIONS"));
    BOOST_TEST(!isReadMethod("POST"));
    BOOST_TEST(!isReadMethod("get"));  // methods are case-sensitive (RFC 9110)
}

BOOST_AUTO_TEST_SUITE_END()
