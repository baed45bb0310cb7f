#include <boost/test/unit_test.hpp>

#include "maas/supervisor/convergence.h"

using namespace maas::supervisor;

namespace {

ServiceSpec spec(const std::string& name, std::vector<std::string> after = {},
                 bool on_demand = false) {
    ServiceSpec s;
    s.name = name;
    s.after = std::move(after);
    s.on_demand = on_demand;
    s.fingerprint = name + "-v1";
    return s;
}

ServiceView view(ServiceState state, const std::string& fp) {
    return {state, fp};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(convergence)

BOOST_AUTO_TEST_CASE(starts_what_is_missing) {
    const auto steps = convergeSteps({spec("rackd")}, {}, false);
    BOOST_TEST(steps.size() == 1u);
    BOOST_TEST((steps[0] == ConvergeStep{"rackd", ServiceEvent::Start}));
}

BOOST_AUTO_TEST_CASE(waits_for_dependencies_to_be_ready) {
    const std::vector<ServiceSpec> plan{spec("postgres"), spec("regiond-0", {"postgres"})};
    auto steps =
        convergeSteps(plan, {{"postgres", view(ServiceState::Starting, "postgres-v1")}}, false);
    BOOST_TEST(steps.empty());
    steps = convergeSteps(plan, {{"postgres", view(ServiceState::Ready, "postgres-v1")}}, false);
    BOOST_TEST(steps.size() == 1u);
    BOOST_TEST((steps[0] == ConvergeStep{"regiond-0", ServiceEvent::Start}));
}

BOOST_AUTO_TEST_CASE(stops_what_the_plan_no_longer_names) {
    const auto steps = convergeSteps({},
                                     {{"rackd", view(ServiceState::Ready, "x")},
                                      {"kea-dhcp4", view(ServiceState::Backoff, "y")},
                                      {"old", view(ServiceState::Down, "z")},
                                      {"going", view(ServiceState::Stopping, "z")}},
                                     false);
    BOOST_TEST(steps.size() == 2u);
    BOOST_TEST((steps[0] == ConvergeStep{"kea-dhcp4", ServiceEvent::Stop}));
    BOOST_TEST((steps[1] == ConvergeStep{"rackd", ServiceEvent::Stop}));
}

BOOST_AUTO_TEST_CASE(restarts_a_running_service_with_a_stale_fingerprint) {
    const auto steps =
        convergeSteps({spec("rackd")}, {{"rackd", view(ServiceState::Ready, "rackd-v0")}}, false);
    BOOST_TEST(steps.size() == 1u);
    BOOST_TEST((steps[0] == ConvergeStep{"rackd", ServiceEvent::Restart}));
}

BOOST_AUTO_TEST_CASE(leaves_running_and_backing_off_services_alone) {
    const auto steps = convergeSteps({spec("a"), spec("b"), spec("c")},
                                     {{"a", view(ServiceState::Ready, "a-v1")},
                                      {"b", view(ServiceState::Backoff, "b-v1")},
                                      {"c", view(ServiceState::Starting, "c-v1")}},
                                     false);
    BOOST_TEST(steps.empty());
}

BOOST_AUTO_TEST_CASE(failed_services_retry_only_when_asked) {
    const std::map<std::string, ServiceView> current{{"a", view(ServiceState::Failed, "a-v1")}};
    BOOST_TEST(convergeSteps({spec("a")}, current, false).empty());
    const auto steps = convergeSteps({spec("a")}, current, true);
    BOOST_TEST(steps.size() == 1u);
    BOOST_TEST((steps[0] == ConvergeStep{"a", ServiceEvent::Start}));
}

BOOST_AUTO_TEST_CASE(on_demand_services_are_not_started_by_convergence) {
    BOOST_TEST(convergeSteps({spec("kea-dhcp4", {}, true)}, {}, true).empty());
}

BOOST_AUTO_TEST_SUITE_END()
