#include <boost/test/unit_test.hpp>

#include "maas/region/worker/secret_plan.h"

using maas::region::worker::planClusterSecret;

BOOST_AUTO_TEST_SUITE(secret_plan)

namespace {
const std::string kA = "00112233445566778899aabbccddeeff";
const std::string kB = "ffeeddccbbaa99887766554433221100";
const std::string kNew = "0123456789abcdef0123456789abcdef";
}  // namespace

BOOST_AUTO_TEST_CASE(first_region_of_a_new_cluster_generates_and_writes_both) {
    const auto plan = planClusterSecret(std::nullopt, std::nullopt, kNew);
    BOOST_TEST(plan.secret_hex == kNew);
    BOOST_TEST(plan.store_in_db);
    BOOST_TEST(plan.write_file);
    BOOST_TEST(!plan.file_replaced);
}

BOOST_AUTO_TEST_CASE(an_existing_installation_adopts_its_file) {
    // `maas init region --secret HEX`, or a database from before the secret moved into it.
    const auto plan = planClusterSecret(std::nullopt, kA, kNew);
    BOOST_TEST(plan.secret_hex == kA);
    BOOST_TEST(plan.store_in_db);
    BOOST_TEST(!plan.write_file);
}

BOOST_AUTO_TEST_CASE(a_lost_file_is_written_from_the_database) {
    const auto plan = planClusterSecret(kA, std::nullopt, kNew);
    BOOST_TEST(plan.secret_hex == kA);
    BOOST_TEST(!plan.store_in_db);
    BOOST_TEST(plan.write_file);
    BOOST_TEST(!plan.file_replaced);
}

BOOST_AUTO_TEST_CASE(the_database_wins_over_another_file) {
    // A second region given another --secret joins the cluster's secret, with a warning.
    const auto plan = planClusterSecret(kA, kB, kNew);
    BOOST_TEST(plan.secret_hex == kA);
    BOOST_TEST(!plan.store_in_db);
    BOOST_TEST(plan.write_file);
    BOOST_TEST(plan.file_replaced);
}

BOOST_AUTO_TEST_CASE(matching_file_and_database_change_nothing) {
    const auto plan = planClusterSecret(kA, kA, kNew);
    BOOST_TEST(plan.secret_hex == kA);
    BOOST_TEST(!plan.store_in_db);
    BOOST_TEST(!plan.write_file);
}

BOOST_AUTO_TEST_SUITE_END()
