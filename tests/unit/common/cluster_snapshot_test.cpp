// The cluster snapshot maas-region hands `maas`: what is written is read back, and anything
// else is refused naming the member.
#include <boost/test/unit_test.hpp>

#include "maas/common/cluster_snapshot.h"

using namespace maas;

namespace {

std::string refusal(const std::string& json) {
    try {
        clusterSnapshotFromJson(json);
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "accepted";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cluster_snapshot)

BOOST_AUTO_TEST_CASE(round_trips_every_field) {
    ClusterSnapshot s;
    s.workers = {{{"r\"1", "::", 5240, "2001:db8::1"}, 1, 4242, 5251, 3},
                 {{"r2", "127.0.0.3", 5241, "127.0.0.3"}, 0, 77, 5250, 0}};
    s.regiond_connections = 3;
    s.total_connections = 9;
    s.max_connections = 40;
    s.reserved_connections = 3;
    const auto back = clusterSnapshotFromJson(clusterSnapshotToJson(s));
    BOOST_REQUIRE(back.workers.size() == 2u);
    const auto& w = back.workers[0];
    BOOST_TEST(w.endpoint.hostname == "r\"1");
    BOOST_TEST(w.endpoint.http_address == "::");
    BOOST_TEST(w.endpoint.http_port == 5240);
    BOOST_TEST(w.endpoint.advertise_address == "2001:db8::1");
    BOOST_TEST(w.worker_index == 1);
    BOOST_TEST(w.pid == 4242);
    BOOST_TEST(w.rpc_port == 5251);
    BOOST_TEST(w.db_connections == 3);
    BOOST_TEST(back.workers[1].endpoint.hostname == "r2");
    BOOST_TEST(back.regiond_connections == 3);
    BOOST_TEST(back.total_connections == 9);
    BOOST_TEST(back.max_connections == 40);
    BOOST_TEST(back.reserved_connections == 3);
}

BOOST_AUTO_TEST_CASE(refuses_what_it_did_not_write_naming_the_member) {
    const std::string counts =
        "\"regiond_connections\":0,\"total_connections\":0,\"max_connections\":0,"
        "\"reserved_connections\":0";
    BOOST_TEST(refusal("{\"workers\":[]," + counts + "}") == "accepted");
    BOOST_TEST(refusal("not json").find("not JSON") != std::string::npos);
    BOOST_TEST(refusal("[]") == "cluster snapshot: must be an object");
    BOOST_TEST(refusal("{" + counts + "}") == "workers: must be an array");
    BOOST_TEST(refusal("{\"workers\":[1]," + counts + "}") == "workers[0]: must be an object");
    BOOST_TEST(refusal("{\"workers\":[{\"hostname\":5}]," + counts + "}") ==
               "workers[0].hostname: must be a string");
    BOOST_TEST(refusal("{\"workers\":[]}") == "regiond_connections: must be an integer");
    BOOST_TEST(refusal("{\"workers\":[],\"regiond_connections\":\"1\"}") ==
               "regiond_connections: must be an integer");
}

BOOST_AUTO_TEST_SUITE_END()
