// maas-region's pure parts: crediting database sessions to the workers they name.
#include <boost/test/unit_test.hpp>

#include "maas/region/worker/config.h"
#include "region_tool.h"

using namespace maas;
using namespace maas::region::tools;

BOOST_AUTO_TEST_SUITE(region_tools)

BOOST_AUTO_TEST_CASE(application_name_names_worker_and_host) {
    BOOST_TEST(maas::region::worker::regiondApplicationName(2, "host-1") ==
               "maas-regiond[2]@host-1");
    BOOST_TEST(maas::region::worker::regiondApplicationName(0, std::string(80, 'h')).size() ==
               63u);  // what PostgreSQL keeps, so the match still works
}

BOOST_AUTO_TEST_CASE(sessions_are_credited_to_the_worker_they_name) {
    ClusterSnapshot s;
    s.workers = {{{"a", "127.0.0.2", 5240, "127.0.0.2"}, 0, 101, 5250, 0},
                 {{"a", "127.0.0.2", 5240, "127.0.0.2"}, 1, 102, 5251, 0},
                 {{"b", "0.0.0.0", 5240, "192.0.2.3"}, 0, 201, 5250, 0}};
    attributeConnections(s, {{"maas-regiond[0]@a", 3},
                             {"maas-regiond[1]@a", 2},
                             {"maas-regiond[0]@b", 1},
                             {"maas-regiond[0]@gone", 4},
                             {"maas-regiond[1]@b", 7}});
    BOOST_TEST(s.workers[0].db_connections == 3);
    BOOST_TEST(s.workers[1].db_connections == 2);
    BOOST_TEST(s.workers[2].db_connections == 1);
}

BOOST_AUTO_TEST_SUITE_END()
