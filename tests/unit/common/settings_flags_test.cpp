#include <boost/test/unit_test.hpp>

#include "maas/common/command.h"
#include "maas/common/config_schemas.h"
#include "maas/common/settings_flags.h"

using namespace maas;

BOOST_AUTO_TEST_SUITE(local_config)

BOOST_AUTO_TEST_CASE(flags_are_derived_from_the_schema_keys) {
    BOOST_TEST(flagForKey("database_host") == "--database-host");
    const auto flags = valueFlags(regiondSchema());
    BOOST_TEST(flags.size() == regiondSchema().specs.size());
    for (const char* f : {"--database-host", "--database-port", "--database-name",
                          "--database-user", "--database-pass", "--num-workers", "--maas-url",
                          "--debug", "--http-port", "--rpc-port", "--listen-address"}) {
        BOOST_TEST(std::any_of(flags.begin(), flags.end(),
                               [&](const OptionSpec& o) { return o.name == f; }),
                   f);
    }
}

BOOST_AUTO_TEST_CASE(apply_is_all_or_nothing) {
    Settings s(regiondSchema());
    const auto good = parseArgs({"--database-host", "db1", "--database-port", "6432"},
                                valueFlags(regiondSchema()));
    applyFlags(s, good);
    BOOST_TEST(s.getString("database_host") == "db1");
    BOOST_TEST(s.getInt("database_port") == 6432);
    const auto bad =
        parseArgs({"--database-host", "db2", "--http-port", "70000"}, valueFlags(regiondSchema()));
    try {
        applyFlags(s, bad);
        BOOST_FAIL("accepted a bad port");
    } catch (const UsageError& e) {
        BOOST_TEST(std::string(e.what()) == "--http-port: must be between 1 and 65535, got 70000.");
    }
    BOOST_TEST(s.getString("database_host") == "db1");
}

BOOST_AUTO_TEST_CASE(render_formats) {
    Settings s(regiondSchema());
    s.set("database_host", std::string("db1"));
    s.set("database_pass", std::string("hidden"));
    BOOST_TEST(renderSettings(s, {"database_host", "database_port"}, OutputFormat::Plain) ==
               "db1\n5432\n");
    BOOST_TEST(renderSettings(s, {"database_host", "debug"}, OutputFormat::Json) ==
               "{\"database_host\": \"db1\", \"debug\": false}\n");
    BOOST_TEST(renderSettings(s, {"database_port"}, OutputFormat::Yaml) == "database_port: 5432\n");
    const auto all = renderSettings(s, {}, OutputFormat::Plain);
    BOOST_TEST(all.find("database_host: db1\n") != std::string::npos);
    BOOST_TEST(all.find("hidden") == std::string::npos);  // secrets only when asked for
    BOOST_TEST(renderSettings(s, {"database_pass"}, OutputFormat::Plain) == "hidden\n");
}

BOOST_AUTO_TEST_SUITE_END()
