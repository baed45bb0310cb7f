#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>

#include "maas/common/config_schemas.h"
#include "maas/common/secret.h"

using namespace maas;

namespace {

std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const SettingsError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(settings)

BOOST_AUTO_TEST_CASE(defaults_when_file_missing) {
    auto s = Settings::load(regiondSchema(), "/nonexistent/regiond.conf");
    BOOST_TEST(s.getString("database_host") == "localhost");
    BOOST_TEST(s.getInt("database_port") == 5432);
    BOOST_TEST(s.getInt("http_port") == 5240);
    BOOST_TEST(s.getInt("num_workers") >= 1);
    BOOST_TEST(s.getInt("num_workers") <= 8);
}

BOOST_AUTO_TEST_CASE(unknown_key_rejected_with_file_and_key) {
    auto msg = errorOf([] { Settings::fromYaml(regiondSchema(), "databse_host: x\n"); });
    BOOST_TEST(msg == "regiond.conf: databse_host: unknown setting");
}

BOOST_AUTO_TEST_CASE(bad_values_rejected) {
    BOOST_TEST(errorOf([] { Settings::fromYaml(regiondSchema(), "database_port: abc\n"); }) ==
               "regiond.conf: database_port: must be an integer");
    BOOST_TEST(errorOf([] { Settings::fromYaml(regiondSchema(), "num_workers: 9\n"); }) ==
               "regiond.conf: num_workers: must be between 1 and 8, got 9");
    BOOST_TEST(errorOf([] {
                   Settings::fromYaml(regiondSchema(), "maas_url: ftp://x\n");
               }).find("regiond.conf: maas_url: 'ftp://x' is not a valid http(s) URL") == 0);
    BOOST_TEST(errorOf([] { Settings::fromYaml(regiondSchema(), "- a\n- b\n"); }) ==
               "regiond.conf: must be a YAML mapping of key: value");
    BOOST_TEST(errorOf([] { Settings::fromYaml(supervisorSchema(), "log_format: xml\n"); }) ==
               "supervisor.conf: log_format: must be one of text, json, got 'xml'");
}

BOOST_AUTO_TEST_CASE(rackd_maas_url_accepts_one_or_many) {
    auto one = Settings::fromYaml(rackdSchema(), "maas_url: http://10.0.0.1:5240/MAAS\n");
    BOOST_TEST(one.getList("maas_url").size() == 1u);
    auto many = Settings::fromYaml(rackdSchema(),
                                   "maas_url:\n- http://a:5240/MAAS\n- http://b:5240/MAAS\n");
    BOOST_TEST(many.getList("maas_url").size() == 2u);
    BOOST_TEST(!errorOf([] {
                    Settings::fromYaml(rackdSchema(), "maas_url:\n- http://a/MAAS\n- nope\n");
                }).empty());
}

BOOST_AUTO_TEST_CASE(rejected_set_changes_nothing) {
    Settings s(regiondSchema());
    s.set("database_port", int64_t{5433});
    BOOST_CHECK_THROW(s.setFromString("database_port", "70000"), SettingsError);
    BOOST_TEST(s.getInt("database_port") == 5433);
}

BOOST_AUTO_TEST_CASE(save_and_load_round_trip) {
    auto dir = std::filesystem::temp_directory_path() / ("settings-" + toHex(randomBytes(4)));
    auto path = dir / "regiond.conf";
    Settings s(regiondSchema());
    s.setFromString("database_host", "10.0.0.5,10.0.0.6");
    s.setFromString("debug", "true");
    s.setFromString("num_workers", "3");
    s.save(path);
    auto loaded = Settings::load(regiondSchema(), path);
    BOOST_TEST(loaded.getString("database_host") == "10.0.0.5,10.0.0.6");
    BOOST_TEST(loaded.getBool("debug"));
    BOOST_TEST(loaded.getInt("num_workers") == 3);
    BOOST_TEST(!loaded.isSet("database_port"));
    std::ofstream(path) << "database_port: [1]\n";
    BOOST_TEST(errorOf([&] { Settings::load(regiondSchema(), path); }) ==
               path.string() + ": database_port: must be an integer");
    std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(url_validation) {
    BOOST_TEST(!checkHttpUrl("http://10.0.0.1:5240/MAAS"));
    BOOST_TEST(!checkHttpUrl("https://maas.example.com/MAAS"));
    BOOST_TEST(!checkHttpUrl("http://[::1]:5240/MAAS"));
    BOOST_TEST(checkHttpUrl("http://:5240/MAAS").has_value());
    BOOST_TEST(checkHttpUrl("http://host:99999/").has_value());
    BOOST_TEST(checkHttpUrl("10.0.0.1").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
