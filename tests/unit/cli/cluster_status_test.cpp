#include <Poco/JSON/Array.h>

#include <boost/test/unit_test.hpp>
#include <sstream>

#include "maas/cli/cluster_status.h"

using namespace maas;
using namespace maas::cli;

namespace {
bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

ClusterSnapshot twoRegions() {
    ClusterSnapshot s;
    s.workers = {{{"a", "127.0.0.2", 5240, "127.0.0.2"}, 0, 101, 5250, 3},
                 {{"a", "127.0.0.2", 5240, "127.0.0.2"}, 1, 102, 5251, 2},
                 {{"b", "0.0.0.0", 5240, "192.0.2.3"}, 0, 201, 5250, 1}};
    s.regiond_connections = 10;
    s.total_connections = 12;
    s.max_connections = 100;
    s.reserved_connections = 3;
    return s;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(cluster_status)

BOOST_AUTO_TEST_CASE(regions_workers_and_connections) {
    const auto text = renderClusterStatus(twoRegions());
    BOOST_TEST(contains(text, "cluster: 2 region(s), 3 worker(s)\n"));
    BOOST_TEST(contains(text,
                        "  region a at 127.0.0.2:5240: 2 worker(s), 5 database connection(s)\n"
                        "    worker 0: pid 101, rack RPC 127.0.0.2:5250, 3 database "
                        "connection(s)\n"
                        "    worker 1: pid 102, rack RPC 127.0.0.2:5251, 2 database "
                        "connection(s)\n"));
    BOOST_TEST(
        contains(text, "  region b at 192.0.2.3:5240: 1 worker(s), 1 database connection(s)\n"));
    BOOST_TEST(contains(text,
                        "database connections: 12 of 97 usable (10 held by region workers; "
                        "max_connections 100, 3 reserved)\n"));
    BOOST_TEST(!contains(text, "WARNING"));
}

BOOST_AUTO_TEST_CASE(json_has_the_same_facts) {
    std::ostringstream out;
    clusterStatusJson(twoRegions())->stringify(out);
    const auto json = out.str();
    BOOST_TEST(contains(json, R"("hostname":"a")"));
    BOOST_TEST(contains(json, R"("endpoint":"192.0.2.3:5240")"));
    BOOST_TEST(contains(
        json,
        R"({"db_connections":2,"index":1,"pid":102,"rpc_address":"127.0.0.2","rpc_port":5251})"));
    BOOST_TEST(contains(json, R"("near_limit":false)"));
    BOOST_TEST(contains(json, R"("usable":97)"));
    BOOST_TEST(contains(json, R"("warnings":[])"));
}

BOOST_AUTO_TEST_CASE(warns_before_connections_run_out) {
    ClusterSnapshot s;
    s.max_connections = 100;
    s.reserved_connections = 3;
    s.total_connections = 77;  // below 80% of 97
    BOOST_TEST(!connectionsNearLimit(s));
    BOOST_TEST(!contains(renderClusterStatus(s), "WARNING"));
    s.total_connections = 78;
    BOOST_TEST(connectionsNearLimit(s));
    BOOST_TEST(contains(renderClusterStatus(s), "WARNING: PostgreSQL is close to max_connections"));
    std::ostringstream out;
    clusterStatusJson(s)->stringify(out);
    BOOST_TEST(contains(out.str(), R"("near_limit":true)"));
    BOOST_TEST(contains(out.str(), "PostgreSQL is close to max_connections"));
}

BOOST_AUTO_TEST_SUITE_END()
