#include <linux/capability.h>

#include <boost/test/unit_test.hpp>

#include "maas/supervisor/service_plan.h"

using namespace maas;
using namespace maas::supervisor;

namespace {

PlanInputs inputs(Mode mode, int workers, bool embedded) {
    PlanInputs in;
    in.mode = mode;
    in.num_workers = workers;
    in.embedded_database = embedded;
    in.paths = Paths::fromEnvironment(
        MapEnvironment(std::map<std::string, std::string>{{"MAAS_ROOT", "/r"}}));
    in.bin_dir = "/opt/maas/bin";
    in.postgres_bin_dir = "/usr/lib/postgresql/15/bin";
    in.kea_bin_dir = "/usr/sbin";
    return in;
}

std::vector<std::string> names(const std::vector<ServiceSpec>& plan) {
    std::vector<std::string> out;
    for (const auto& s : plan) {
        out.push_back(s.name);
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(service_plan)

BOOST_AUTO_TEST_CASE(modes_parse_and_print) {
    for (const char* m : {"none", "region", "rack", "region+rack"}) {
        BOOST_TEST(modeName(*parseMode(m)) == m);
    }
    BOOST_TEST(parseMode("region+rack\n").has_value());
    BOOST_TEST(!parseMode("all").has_value());
    BOOST_TEST(!parseMode("").has_value());
}

BOOST_AUTO_TEST_CASE(none_runs_nothing) {
    BOOST_TEST(planServices(inputs(Mode::None, 4, true)).empty());
}

BOOST_AUTO_TEST_CASE(region_with_embedded_database) {
    const auto plan = planServices(inputs(Mode::Region, 2, true));
    BOOST_TEST(names(plan) == (std::vector<std::string>{"postgres", "regiond-0", "regiond-1"}),
               boost::test_tools::per_element());
    BOOST_TEST(plan[1].argv ==
                   (std::vector<std::string>{"/opt/maas/bin/maas-regiond", "--worker-index", "0"}),
               boost::test_tools::per_element());
    BOOST_TEST(plan[1].after == std::vector<std::string>{"postgres"},
               boost::test_tools::per_element());
    BOOST_TEST(plan[0].argv[0] == "/usr/lib/postgresql/15/bin/postgres");
    BOOST_TEST(plan[0].run_as == "postgres");
    BOOST_TEST(plan[0].stop_signal == SIGINT);
    BOOST_TEST((plan[0].readiness == Readiness::DatabaseProbe));
    BOOST_TEST((plan[0].tier == Tier::Database));
    BOOST_TEST(plan[0].probe_target.find("host=/r/run/maas/postgres") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(region_with_external_database_has_no_postgres) {
    const auto plan = planServices(inputs(Mode::Region, 1, false));
    BOOST_TEST(names(plan) == std::vector<std::string>{"regiond-0"},
               boost::test_tools::per_element());
    BOOST_TEST(plan[0].after.empty());
}

BOOST_AUTO_TEST_CASE(rack_runs_rackd_and_offers_kea_on_demand) {
    const auto plan = planServices(inputs(Mode::Rack, 4, true));
    BOOST_TEST(names(plan) == (std::vector<std::string>{"rackd", "kea-dhcp4"}),
               boost::test_tools::per_element());
    BOOST_TEST(plan[0].argv == std::vector<std::string>{"/opt/maas/bin/maas-rackd"},
               boost::test_tools::per_element());
    BOOST_TEST(plan[1].on_demand);
    BOOST_TEST(plan[1].config_flag == "-c");
    BOOST_TEST(plan[1].argv[0] == "/usr/sbin/kea-dhcp4");
    BOOST_TEST((plan[1].tier == Tier::Rack));
}

BOOST_AUTO_TEST_CASE(region_rack_runs_everything) {
    const auto plan = planServices(inputs(Mode::RegionRack, 3, true));
    BOOST_TEST(names(plan) == (std::vector<std::string>{"postgres", "regiond-0", "regiond-1",
                                                        "regiond-2", "rackd", "kea-dhcp4"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(daemons_run_as_the_daemon_user_and_only_kea_keeps_capabilities) {
    auto in = inputs(Mode::RegionRack, 1, true);
    in.daemon_user = "maas";
    const auto plan = planServices(in);
    BOOST_TEST(plan[0].run_as == "postgres");
    for (size_t i = 1; i < plan.size(); ++i) {
        BOOST_TEST(plan[i].run_as == "maas", plan[i].name);
        BOOST_TEST(plan[i].ambient_caps.empty() == (plan[i].name != "kea-dhcp4"), plan[i].name);
    }
    BOOST_TEST(plan[3].ambient_caps == (std::vector<int>{CAP_NET_RAW, CAP_NET_BIND_SERVICE}),
               boost::test_tools::per_element());
    // rackd writes its system_id, state and Kea configs; both read their config and the secret.
    BOOST_TEST(plan[2].owned_dirs == std::vector<std::filesystem::path>{"/r/var/lib/maas"},
               boost::test_tools::per_element());
    BOOST_TEST(plan[2].owned_trees == (std::vector<std::filesystem::path>{"/r/var/lib/maas/rack",
                                                                          "/r/var/lib/maas/dhcp"}),
               boost::test_tools::per_element());
    BOOST_TEST(plan[1].group_files == (std::vector<std::filesystem::path>{
                                          "/r/etc/maas/regiond.conf", "/r/var/lib/maas/secret"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(config_text_changes_the_fingerprint_of_its_role_only) {
    auto a = inputs(Mode::RegionRack, 1, false);
    auto b = a;
    b.region_config = "debug: true\n";
    const auto pa = planServices(a);
    const auto pb = planServices(b);
    BOOST_TEST(pa[0].fingerprint != pb[0].fingerprint);  // regiond-0
    BOOST_TEST(pa[1].fingerprint == pb[1].fingerprint);  // rackd
}

BOOST_AUTO_TEST_SUITE_END()
