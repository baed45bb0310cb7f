#include <unistd.h>

#include <algorithm>

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

BOOST_AUTO_TEST_CASE(text_lines_cannot_be_forged) {
    // A peer-controlled value with a newline must not start a second log line of its own.
    int fds[2];
    BOOST_REQUIRE(::pipe(fds) == 0);
    {
        Logger logger("test", makeTextSink(fds[1]));
        logger.log(kTestMessage, "version 1.0\n2026-01-01T00:00:00Z fake ERROR X\x1b[31m",
                   {{"peer", "a\rb\x7f"}});
    }
    ::close(fds[1]);
    char buf[512];
    const auto n = ::read(fds[0], buf, sizeof buf);
    ::close(fds[0]);
    BOOST_REQUIRE(n > 0);
    const std::string line(buf, static_cast<size_t>(n));
    BOOST_TEST(std::count(line.begin(), line.end(), '\n') == 1);
    BOOST_TEST(line.find("version 1.0\\n2026") != std::string::npos);
    BOOST_TEST(line.find("\\x1b[31m") != std::string::npos);
    BOOST_TEST(line.find("peer=a\\rb\\x7f") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(escape_control_keeps_printable_and_utf8) {
    BOOST_TEST(escapeControl("plain é ✓") == "plain é ✓");
    BOOST_TEST(escapeControl(std::string("a\0b\tc", 5)) == "a\\x00b\\tc");
}

BOOST_AUTO_TEST_SUITE_END()
