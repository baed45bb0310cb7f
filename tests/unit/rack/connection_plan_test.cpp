#include <boost/test/unit_test.hpp>

#include "maas/rack/connection_plan.h"

using namespace maas::rack;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(connection_plan)

BOOST_AUTO_TEST_CASE(interval_follows_maas_schedule) {
    BOOST_TEST(discoveryInterval(Connectivity::Full, 5s).count() == 1000);  // first 30 s
    BOOST_TEST(discoveryInterval(Connectivity::None, 300s).count() == 1000);
    BOOST_TEST(discoveryInterval(Connectivity::Partial, 300s).count() == 5000);
    BOOST_TEST(discoveryInterval(Connectivity::Full, 300s).count() == 30000);
}

BOOST_AUTO_TEST_CASE(connectivity_levels) {
    BOOST_TEST((connectivity(0, 4) == Connectivity::None));
    BOOST_TEST((connectivity(2, 4) == Connectivity::Partial));
    BOOST_TEST((connectivity(4, 4) == Connectivity::Full));
    BOOST_TEST((connectivity(0, 0) == Connectivity::None));
}

BOOST_AUTO_TEST_CASE(union_of_answers_and_drop_of_unadvertised) {
    const Endpoint a{"127.0.0.2", 5250}, b{"127.0.0.2", 5251}, c{"127.0.0.3", 5250};
    const std::set<Endpoint> current{a, c};
    const auto desired = desiredEndpoints(
        {std::vector<Endpoint>{a, b}, std::nullopt, std::vector<Endpoint>{b}}, current);
    BOOST_TEST(desired.size() == 2u);
    BOOST_TEST(desired.contains(a));
    BOOST_TEST(desired.contains(b));
    const auto changes = diffEndpoints(current, desired);
    BOOST_TEST(changes.add.size() == 1u);
    BOOST_TEST(changes.add.at(0).port == 5251);
    BOOST_TEST(changes.remove.size() == 1u);
    BOOST_TEST(changes.remove.at(0).host == "127.0.0.3");
}

BOOST_AUTO_TEST_CASE(no_answer_keeps_what_we_have) {
    const std::set<Endpoint> known{{"127.0.0.2", 5250}};
    BOOST_TEST((desiredEndpoints({std::nullopt, std::nullopt}, known) == known));
    BOOST_TEST((desiredEndpoints({}, known) == known));
}

BOOST_AUTO_TEST_SUITE_END()
