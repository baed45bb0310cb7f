#include <boost/test/unit_test.hpp>

#include "maas/cli/init_plan.h"
#include "maas/common/command.h"

using namespace maas;
using namespace maas::cli;
using maas::Mode;

namespace {

const std::string kSecret = "0123456789abcdef0123456789abcdef";
const std::string kGenerated = "ffffffffffffffffffffffffffffffff";
const std::string kPassword = "pw0123";

ExistingState fresh() {
    ExistingState s;
    s.embedded_socket_dir = "/run/maas/postgres";
    s.database_user = "postgres";
    s.database_tools_dir = "/usr/lib/postgresql/15/bin";
    return s;
}

InitPlan plan(const std::vector<std::string>& args, const ExistingState& s = fresh()) {
    return planInit(parseArgs(args, initOptions()), s, kGenerated, kPassword);
}

std::string errorOf(const std::vector<std::string>& args, const ExistingState& s = fresh()) {
    try {
        plan(args, s);
    } catch (const UsageError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(init_plan)

BOOST_AUTO_TEST_CASE(region_rack_defaults_to_the_embedded_database) {
    const auto p = plan({"region+rack", "--maas-url", "http://10.0.0.2:5240/MAAS"});
    BOOST_TEST((p.mode == Mode::RegionRack));
    BOOST_TEST(p.create_cluster);
    BOOST_REQUIRE(p.regiond);
    BOOST_TEST(p.regiond->getString("database_host") == "/run/maas/postgres");
    BOOST_TEST(p.regiond->getString("database_pass") == kPassword);
    BOOST_TEST(p.regiond->getString("database_name") == "maasdb");
    BOOST_TEST(p.regiond->getString("maas_url") == "http://10.0.0.2:5240/MAAS");
    BOOST_REQUIRE(p.rackd);
    BOOST_TEST(
        p.rackd->getList("maas_url") == std::vector<std::string>{"http://10.0.0.2:5240/MAAS"},
        boost::test_tools::per_element());
    BOOST_TEST(*p.new_secret == kGenerated);
}

BOOST_AUTO_TEST_CASE(mode_flag_equals_positional) {
    BOOST_TEST((plan({"--mode", "region"}).mode == Mode::Region));
    BOOST_TEST((plan({"region", "--mode=region"}).mode == Mode::Region));
}

BOOST_AUTO_TEST_CASE(region_with_database_uri) {
    const auto p = plan({"region", "--database-uri", "postgresql://m:pw@a,b:6000/maas",
                         "--num-workers", "3", "--secret", kSecret});
    BOOST_TEST(!p.create_cluster);
    BOOST_TEST(p.regiond->getString("database_host") == "a,b");
    BOOST_TEST(p.regiond->getInt("database_port") == 6000);
    BOOST_TEST(p.regiond->getString("database_user") == "m");
    BOOST_TEST(p.regiond->getString("database_pass") == "pw");
    BOOST_TEST(p.regiond->getInt("num_workers") == 3);
    BOOST_TEST(*p.new_secret == kSecret);
    BOOST_TEST(!p.rackd);
}

BOOST_AUTO_TEST_CASE(rack_needs_url_and_secret_and_writes_no_region_config) {
    const auto p = plan({"rack", "--maas-url", "http://r:5240/MAAS", "--secret", kSecret});
    BOOST_TEST(!p.regiond);
    BOOST_TEST(!p.create_cluster);
    BOOST_TEST(p.rackd->getList("maas_url")[0] == "http://r:5240/MAAS");
    BOOST_TEST(p.rackd->getString("maas_ca_file").empty());
}

BOOST_AUTO_TEST_CASE(a_rack_keeps_the_ca_file_for_an_https_region) {
    const auto p = plan({"rack", "--maas-url", "https://r:5443/MAAS", "--secret", kSecret,
                         "--maas-ca-file", "/etc/maas/region-ca.pem"});
    BOOST_TEST(p.rackd->getString("maas_ca_file") == "/etc/maas/region-ca.pem");
    BOOST_TEST(errorOf({"region", "--maas-ca-file", "/etc/maas/region-ca.pem"}) ==
               "--maas-ca-file: only applies to modes with a rack.");
}

BOOST_AUTO_TEST_CASE(an_existing_secret_is_kept) {
    auto s = fresh();
    s.secret_exists = true;
    BOOST_TEST(!plan({"region"}, s).new_secret.has_value());
}

BOOST_AUTO_TEST_CASE(reinit_with_force_reuses_the_embedded_cluster) {
    auto s = fresh();
    s.mode = Mode::Region;
    s.cluster_exists = true;
    s.regiond.set("database_host", std::string("/run/maas/postgres"));
    s.regiond.set("database_pass", std::string("old"));
    const auto p = plan({"region+rack", "--force"}, s);
    BOOST_TEST(!p.create_cluster);
    BOOST_TEST(p.regiond->getString("database_pass") == "old");
}

BOOST_AUTO_TEST_CASE(each_rejection_names_its_option) {
    auto initialised = fresh();
    initialised.mode = Mode::Rack;
    auto orphan_cluster = fresh();
    orphan_cluster.cluster_exists = true;
    auto no_postgres = fresh();
    no_postgres.database_tools_present = false;
    auto no_user = fresh();
    no_user.database_user_exists = false;
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
        {{}, "mode: give one of region, rack, region+rack."},
        {{"all"}, "mode: 'all' is not one of region, rack, region+rack."},
        {{"none"}, "mode: 'none' is not one of region, rack, region+rack."},
        {{"region", "rack"}, "rack: unexpected argument."},
        {{"region", "--mode", "rack"}, "--mode: contradicts the positional mode 'region'."},
        {{"region", "--maas-url", "ftp://x"}, "--maas-url: 'ftp://x' is not a valid http(s) URL."},
        {{"region", "--secret", "xyz"}, "--secret: must be 32 hexadecimal characters."},
        {{"region", "--num-workers", "0"}, "--num-workers: must be between 1 and 8, got 0."},
        {{"region", "--num-workers", "two"}, "--num-workers: must be an integer."},
        {{"region", "--database-uri", "x"},
         "--database-uri: must look like postgresql://user:password@host[,host2][:port]/dbname."},
        {{"rack", "--secret", kSecret}, "--maas-url: a rack needs the URL of its region."},
        {{"rack", "--maas-url", "http://r/MAAS"},
         "--secret: a rack needs the region's shared secret."},
        {{"rack", "--maas-url", "http://r/MAAS", "--secret", kSecret, "--num-workers", "2"},
         "--num-workers: only applies to region modes."},
        {{"rack", "--maas-url", "http://r/MAAS", "--secret", kSecret, "--database-uri",
          "postgresql://u@h/d"},
         "--database-uri: only applies to region modes."},
        {{"region", "--frobnicate"}, "--frobnicate: unknown option."},
        {{"region", "--maas-url"}, "--maas-url: needs a value."},
        {{"region", "--force=yes"}, "--force: takes no value."},
    };
    for (const auto& [args, expected] : cases) {
        BOOST_TEST(errorOf(args) == expected);
    }
    BOOST_TEST(errorOf({"region"}, initialised) ==
               "--force: this machine is already initialised as rack; add --force to initialise "
               "it again.");
    BOOST_TEST(errorOf({"region"}, orphan_cluster).find("whose password is unknown") !=
               std::string::npos);
    BOOST_TEST(errorOf({"region"}, no_postgres) ==
               "--database-uri: not given, and PostgreSQL 15 is not installed in "
               "/usr/lib/postgresql/15/bin for the embedded database.");
    BOOST_TEST(errorOf({"region"}, no_user) ==
               "--database-uri: not given, and the user 'postgres' the embedded database runs as "
               "does not exist.");
}

BOOST_AUTO_TEST_SUITE_END()
