#include <boost/test/unit_test.hpp>

#include "maas/cli/cluster_status.h"

using namespace maas::cli;

namespace {
bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(cluster_status)

BOOST_AUTO_TEST_CASE(regions_workers_and_connections) {
    ClusterSnapshot s;
    s.workers = {{"a", "127.0.0.2", 5240, "127.0.0.2"},
                 {"a", "127.0.0.2", 5240, "127.0.0.2"},
                 {"b", "0.0.0.0", 5240, "192.0.2.3"}};
    s.regiond_connections = 9;
    s.total_connections = 12;
    s.max_connections = 100;
    s.reserved_connections = 3;
    const auto text = renderClusterStatus(s);
    BOOST_TEST(contains(text, "cluster: 2 region(s), 3 worker(s)\n"));
    BOOST_TEST(contains(text, "  region a at 127.0.0.2:5240: 2 worker(s)\n"));
    BOOST_TEST(contains(text, "  region b at 192.0.2.3:5240: 1 worker(s)\n"));
    BOOST_TEST(contains(text,
                        "database connections: 12 of 97 usable (9 held by region workers; "
                        "max_connections 100, 3 reserved)\n"));
    BOOST_TEST(!contains(text, "WARNING"));
}

BOOST_AUTO_TEST_CASE(warns_before_connections_run_out) {
    ClusterSnapshot s;
    s.max_connections = 100;
    s.reserved_connections = 3;
    s.total_connections = 77;  // below 80% of 97
    BOOST_TEST(!contains(renderClusterStatus(s), "WARNING"));
    s.total_connections = 78;
    BOOST_TEST(contains(renderClusterStatus(s), "WARNING: PostgreSQL is close to max_connections"));
}

BOOST_AUTO_TEST_SUITE_END()
