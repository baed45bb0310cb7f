#include <boost/test/unit_test.hpp>

#include "maas/common/log.h"

using namespace maas;

namespace {
inline constexpr MessageId kTestMessage{"TEST_MESSAGE", Severity::Info, "A test message."};
inline constexpr MessageId kTestDebug{"TEST_DEBUG", Severity::Debug, "A debug message."};
}  // namespace

BOOST_AUTO_TEST_SUITE(logging)

BOOST_AUTO_TEST_CASE(secrets_are_scrubbed_from_text_and_fields) {
    auto sink = std::make_shared<MemorySink>();
    Logger logger("test", sink);
    logger.addSecret("0123456789abcdef0123456789abcdef");
    logger.log(kTestMessage, "got 0123456789abcdef0123456789abcdef here",
               {{"secret", "0123456789abcdef0123456789abcdef"}});
    auto records = sink->records();
    BOOST_REQUIRE(records.size() == 1u);
    BOOST_TEST(records[0].text == "got [redacted] here");
    BOOST_TEST(records[0].fields[0].second == "[redacted]");
}

BOOST_AUTO_TEST_CASE(below_minimum_is_dropped) {
    auto sink = std::make_shared<MemorySink>();
    Logger logger("test", sink, Severity::Info);
    logger.log(kTestDebug, "hidden");
    BOOST_TEST(!sink->contains("TEST_DEBUG"));
    logger.setMinimum(Severity::Debug);
    logger.log(kTestDebug, "shown");
    BOOST_TEST(sink->contains("TEST_DEBUG"));
}

BOOST_AUTO_TEST_SUITE_END()
