#include <boost/test/unit_test.hpp>

#include <map>

#include "maas/region/power/bmc.h"
#include "maas/region/power/power_command.h"
#include "maas/region/power/rendezvous.h"
#include "maas/region/power/route_learning.h"
#include "maas/rpc/power_commands.h"

using namespace maas::region::power;
namespace mr = maas::rpc;

namespace {

std::vector<std::string> rackIds(int n) {
    std::vector<std::string> ids;
    for (int i = 0; i < n; ++i) {
        ids.push_back("rack" + std::to_string(i) + "x7q");
    }
    return ids;
}

std::map<std::string, std::string> ownersOf(const std::vector<std::string>& racks, int keys) {
    std::map<std::string, std::string> out;
    for (int k = 0; k < keys; ++k) {
        const auto key = "ipmi:10.0." + std::to_string(k / 250) + "." + std::to_string(k % 250);
        out[key] = rendezvousOrder(racks, key).front();
    }
    return out;
}

RackCandidate rack(const std::string& id, const std::string& cidr = "") {
    RackCandidate r{id, "host-" + id, {}, {}};
    if (!cidr.empty()) {
        std::string error;
        r.networks.push_back(*maas::net::parseCidr(cidr, error));
    }
    return r;
}

mr::RpcMessage stateReply(const std::string& state) {
    return mr::RpcMessage::reply(1, mr::toJson(mr::PowerResult{state}));
}

/// A rack caller answering from a script, one answer per call in order (the last repeats);
/// records the racks asked.
RackCaller scripted(std::vector<mr::RpcMessage> answers,
                    std::vector<std::string>* asked = nullptr) {
    auto next = std::make_shared<size_t>(0);
    return [answers = std::move(answers), asked, next](const std::string& id, const std::string&,
                                                       Poco::JSON::Object::Ptr,
                                                       std::chrono::milliseconds) {
        if (asked)
            asked->push_back(id);
        return answers[std::min((*next)++, answers.size() - 1)];
    };
}

}  // namespace

BOOST_AUTO_TEST_SUITE(rendezvous)

BOOST_AUTO_TEST_CASE(spreads_bmcs_evenly) {
    const auto owners = ownersOf(rackIds(3), 3000);
    std::map<std::string, int> counts;
    for (const auto& [key, rack] : owners) {
        ++counts[rack];
    }
    BOOST_REQUIRE_EQUAL(counts.size(), 3u);
    int lo = 3000, hi = 0;
    for (const auto& [rack, n] : counts) {
        lo = std::min(lo, n);
        hi = std::max(hi, n);
    }
    BOOST_TEST(static_cast<double>(hi) / lo < 1.15);
}

BOOST_AUTO_TEST_CASE(a_leaving_rack_moves_only_its_own_share) {
    const auto racks = rackIds(3);
    const auto before = ownersOf(racks, 3000);
    const auto after = ownersOf({racks[0], racks[2]}, 3000);
    int moved = 0;
    for (const auto& [key, owner] : before) {
        if (after.at(key) != owner) {
            ++moved;
            BOOST_TEST(owner == racks[1]);  // only the leaver's BMCs move
        }
    }
    BOOST_TEST(moved > 850);
    BOOST_TEST(moved < 1150);
}

BOOST_AUTO_TEST_CASE(a_joining_rack_takes_about_one_in_n) {
    const auto racks = rackIds(4);
    const auto before = ownersOf({racks[0], racks[1], racks[2]}, 4000);
    const auto after = ownersOf(racks, 4000);
    int moved = 0;
    for (const auto& [key, owner] : before) {
        if (after.at(key) != owner) {
            ++moved;
            BOOST_TEST(after.at(key) == racks[3]);  // moves only to the newcomer
        }
    }
    BOOST_TEST(moved > 850);
    BOOST_TEST(moved < 1150);
}

BOOST_AUTO_TEST_CASE(score_is_stable_and_order_independent) {
    BOOST_TEST(rendezvousScore("a", "bc") != rendezvousScore("ab", "c"));
    BOOST_TEST(rendezvousScore("r1", "k") == rendezvousScore("r1", "k"));
    BOOST_TEST(rendezvousOrder({"r1", "r2", "r3"}, "k") ==
               rendezvousOrder({"r3", "r1", "r2"}, "k"));
}

BOOST_AUTO_TEST_CASE(racks_on_the_bmc_subnet_come_first) {
    const std::vector<RackCandidate> racks{rack("a", "192.0.2.0/24"), rack("b", "203.0.113.0/24"),
                                           rack("c", "192.0.2.0/24")};
    for (int i = 0; i < 50; ++i) {
        const auto order = ownerOrder(racks, {"ipmi:192.0.2." + std::to_string(i), "192.0.2.9"});
        BOOST_REQUIRE_EQUAL(order.size(), 3u);
        BOOST_TEST(order[2] == 1u);  // b is tried, but last
    }
}

BOOST_AUTO_TEST_CASE(else_racks_that_reached_it_come_first) {
    std::vector<RackCandidate> racks{rack("a"), rack("b"), rack("c")};
    racks[1].reachable_bmcs.insert("198.51.100.7");
    for (int i = 0; i < 50; ++i) {
        const auto order = ownerOrder(racks, {"k" + std::to_string(i), "198.51.100.7"});
        BOOST_TEST(order.front() == 1u);
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(power_args)

BOOST_AUTO_TEST_CASE(bmc_identity_per_type) {
    const auto ipmi =
        powerArgs("m1", "ipmi", R"({"power_address":"192.0.2.4","power_port":"6230"})");
    BOOST_TEST(bmcTarget(ipmi).key == "ipmi:192.0.2.4:6230");
    BOOST_TEST(bmcTarget(ipmi).address == "192.0.2.4");
    const auto hook =
        powerArgs("m2", "webhook", R"({"power_on_uri":"http://198.51.100.5:80/on/7"})");
    BOOST_TEST(bmcTarget(hook).key == "webhook:http://198.51.100.5:80/on/7");
    BOOST_TEST(bmcTarget(hook).address == "198.51.100.5");
    BOOST_TEST(bmcTarget(powerArgs("m3", "manual", "{}")).key == "manual:m3");
    BOOST_CHECK_THROW(powerArgs("m4", "ipmi", "[1]"), std::invalid_argument);
    BOOST_CHECK_THROW(powerArgs("m4", "ipmi", "{bad"), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(power_command)

BOOST_AUTO_TEST_CASE(the_owner_answers) {
    const std::vector<RackCandidate> racks{rack("a"), rack("b"), rack("c")};
    const auto args = powerArgs("m1", "ipmi", R"({"power_address":"192.0.2.4"})");
    std::vector<std::string> asked;
    const auto out = runPowerCommand(
        racks, args, mr::command::kPowerOn,
        [&](const std::string& id, const std::string& command, Poco::JSON::Object::Ptr,
            std::chrono::milliseconds) {
            asked.push_back(id + " " + command);
            return stateReply("on");
        },
        std::chrono::seconds(1));
    BOOST_TEST(out.ok);
    BOOST_TEST(out.state == "on");
    BOOST_REQUIRE_EQUAL(asked.size(), 1u);
    BOOST_TEST(out.rack->system_id == racks[ownerOrder(racks, bmcTarget(args)).front()].system_id);
}

BOOST_AUTO_TEST_CASE(failures_move_to_the_next_rack_in_hash_order) {
    const std::vector<RackCandidate> racks{rack("a"), rack("b"), rack("c")};
    const auto args = powerArgs("m1", "ipmi", R"({"power_address":"192.0.2.4"})");
    const auto order = ownerOrder(racks, bmcTarget(args));
    std::vector<std::string> asked;
    const auto out = runPowerCommand(
        racks, args, mr::command::kPowerQuery,
        scripted({mr::RpcMessage::error(1, mr::code::kCallTimeout, "late"),
                  mr::RpcMessage::error(1, mr::code::kConnectionLost, "gone"), stateReply("off")},
                 &asked),
        std::chrono::seconds(1));
    BOOST_TEST(out.ok);
    BOOST_TEST(out.state == "off");
    BOOST_REQUIRE_EQUAL(asked.size(), 3u);
    for (size_t i = 0; i < 3; ++i)
        BOOST_TEST(asked[i] == racks[order[i]].system_id);
}

BOOST_AUTO_TEST_CASE(the_bmc_error_reaches_the_caller) {
    const std::vector<RackCandidate> racks{rack("a"), rack("b")};
    const auto args = powerArgs("m1", "ipmi", R"({"power_address":"192.0.2.4"})");
    const auto out =
        runPowerCommand(racks, args, mr::command::kPowerOn,
                        scripted({mr::RpcMessage::error(1, mr::code::kPowerFailed, "bad password"),
                                  mr::RpcMessage::error(1, mr::code::kNotConnected, "nope")}),
                        std::chrono::seconds(1));
    BOOST_TEST(!out.ok);
    BOOST_TEST(out.error == "bad password");
    BOOST_TEST(
        !runPowerCommand({}, args, mr::command::kPowerOn, nullptr, std::chrono::seconds(1)).ok);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(route_learning)

BOOST_AUTO_TEST_CASE(a_poll_that_got_a_state_teaches_a_route) {
    const std::map<std::string, std::string> address{
        {"m1", "192.0.2.4"}, {"m2", "192.0.2.5"}, {"m3", "192.0.2.6"}, {"m4", ""}};
    const auto seen = observeRoutes({{"m1", "on", ""},
                                     {"m2", "unknown", ""},
                                     {"m3", "error", "no route to host"},
                                     {"m4", "off", ""},
                                     {"gone", "off", ""}},
                                    address);
    BOOST_TEST((seen.reached == std::set<std::string>{"192.0.2.4", "192.0.2.5"}));
    BOOST_TEST((seen.failed == std::set<std::string>{"192.0.2.6"}));
}

BOOST_AUTO_TEST_CASE(a_shared_bmc_host_reached_once_is_reached) {
    const std::map<std::string, std::string> address{{"m1", "192.0.2.4"}, {"m2", "192.0.2.4"}};
    for (const auto& order :
         {std::vector<mr::PowerStateChange>{{"m1", "error", "bad password"}, {"m2", "off", ""}},
          std::vector<mr::PowerStateChange>{{"m2", "off", ""}, {"m1", "error", "bad password"}}}) {
        const auto seen = observeRoutes(order, address);
        BOOST_TEST((seen.reached == std::set<std::string>{"192.0.2.4"}));
        BOOST_TEST(seen.failed.empty());
    }
}

BOOST_AUTO_TEST_CASE(repeated_failures_forget_and_a_success_resets) {
    RouteStep step;
    for (int i = 1; i < kRouteForgetAfter; ++i) {
        step = nextRouteStep(step.failures, false);
        BOOST_TEST(step.failures == i);
        BOOST_TEST(!step.forget);
    }
    const auto reset = nextRouteStep(step.failures, true);
    BOOST_TEST(reset.failures == 0);
    BOOST_TEST(!reset.forget);
    const auto last = nextRouteStep(kRouteForgetAfter - 1, false);
    BOOST_TEST(last.forget);
    BOOST_TEST(nextRouteStep(0, false, 1).forget);
}

BOOST_AUTO_TEST_CASE(a_command_records_which_racks_failed_at_the_bmc) {
    const std::vector<RackCandidate> racks{rack("a"), rack("b"), rack("c")};
    const auto args = powerArgs("m1", "ipmi", R"({"power_address":"192.0.2.4"})");
    const auto out = runPowerCommand(
        racks, args, mr::command::kPowerOn,
        scripted({mr::RpcMessage::error(1, mr::code::kPowerFailed, "no route to host"),
                  mr::RpcMessage::error(1, mr::code::kCallTimeout, "late"), stateReply("on")}),
        std::chrono::seconds(1));
    const auto order = ownerOrder(racks, bmcTarget(args));
    BOOST_TEST(out.ok);
    BOOST_REQUIRE_EQUAL(out.bmc_failed.size(), 1u);  // a timeout says nothing about the route
    BOOST_TEST(out.bmc_failed.front()->system_id == racks[order[0]].system_id);
    BOOST_TEST(out.rack->system_id == racks[order[2]].system_id);
}

BOOST_AUTO_TEST_SUITE_END()
