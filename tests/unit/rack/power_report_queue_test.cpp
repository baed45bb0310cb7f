// PowerReportQueue: power state changes leave only once a region answered them, in order, one
// report in flight, resent unchanged (same sequence) after an error or a lost link; and
// TrafficMux, which shares the links between it and the DHCP agent.
#include <boost/test/unit_test.hpp>

#include "maas/rack/power/report_queue.h"
#include "maas/rack/traffic_mux.h"
#include "maas/rpc/commands.h"
#include "maas/test/manual_clock.h"

using namespace maas::rack;
using namespace maas::rack::power;
namespace mr = maas::rpc;
using namespace std::chrono_literals;

namespace {

const Endpoint kA{"192.0.2.10", 5250};
const Endpoint kB{"192.0.2.11", 5250};

struct Fixture {
    std::shared_ptr<maas::MemorySink> sink = std::make_shared<maas::MemorySink>();
    maas::Logger logger{"test", sink};
    maas::test::ManualClock clock;
    PowerReportQueue queue{"0abc", logger, clock, 5};

    mr::PowerStateReport next(const Endpoint& via = kA) {
        auto request = queue.nextRequest(via, "rack1");
        BOOST_REQUIRE(request);
        BOOST_TEST(request->command == mr::command::kPowerStateReport);
        return mr::decodePowerStateReport(*request->args);
    }
    void answer(const mr::RpcMessage& m, const Endpoint& via = kA) {
        queue.reply(via, mr::command::kPowerStateReport, m);
    }
};

std::vector<mr::PowerStateChange> changes(std::initializer_list<const char*> machines) {
    std::vector<mr::PowerStateChange> out;
    for (const char* m : machines) {
        out.push_back({m, "on", ""});
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(power_report_queue)

BOOST_FIXTURE_TEST_CASE(a_report_leaves_only_when_answered_and_is_resent_unchanged, Fixture) {
    BOOST_TEST(!queue.nextRequest(kA, "rack1"));  // nothing to say
    queue.push(changes({"m1", "m2"}));
    const auto first = next();
    BOOST_TEST(first.rack_system_id == "rack1");
    BOOST_TEST(first.queue == "0abc");
    BOOST_TEST(first.seq == 1);
    BOOST_TEST(first.changes.size() == 2u);
    queue.push(changes({"m3"}));
    BOOST_TEST(!queue.nextRequest(kB, "rack1"));  // one in flight, on any link

    // The region's database is down: internal-error, and the same report after a backoff.
    answer(mr::RpcMessage::error(1, mr::code::kInternal, "could not store the report"));
    BOOST_TEST(!queue.nextRequest(kA, "rack1"));
    clock.advance(PowerReportQueue::kFirstRetry);
    auto again = next();
    BOOST_TEST(again.seq == 1);
    BOOST_TEST(again.changes.size() == 2u);  // m3 waits for the next report: order kept
    answer(mr::RpcMessage::error(1, mr::code::kInternal, "again"));
    clock.advance(PowerReportQueue::kFirstRetry);
    BOOST_TEST(!queue.nextRequest(kA, "rack1"));  // the backoff doubled
    clock.advance(PowerReportQueue::kFirstRetry);
    again = next();
    BOOST_TEST(again.seq == 1);

    answer(mr::RpcMessage::reply(1, nullptr));
    const auto second = next();  // answered: no backoff
    BOOST_TEST(second.seq == 2);
    BOOST_REQUIRE(second.changes.size() == 1u);
    BOOST_TEST(second.changes[0].system_id == "m3");
    answer(mr::RpcMessage::reply(2, nullptr));
    BOOST_TEST(!queue.nextRequest(kA, "rack1"));
    BOOST_TEST(queue.stats().acknowledged == 2u);
    BOOST_TEST(queue.stats().queued == 0u);
}

BOOST_FIXTURE_TEST_CASE(a_lost_link_resends_the_same_report_on_another, Fixture) {
    queue.push(changes({"m1"}));
    BOOST_TEST(next(kA).seq == 1);
    queue.linkLost(kB);  // another link: nothing changes
    BOOST_TEST(!queue.nextRequest(kB, "rack1"));
    queue.linkLost(kA);
    clock.advance(PowerReportQueue::kMaxRetry);
    BOOST_TEST(next(kB).seq == 1);
    answer(mr::RpcMessage::reply(1, nullptr), kA);  // a late answer from the lost link: ignored
    BOOST_TEST(queue.stats().queued == 1u);
    answer(mr::RpcMessage::reply(1, nullptr), kB);
    BOOST_TEST(queue.stats().queued == 0u);
}

BOOST_FIXTURE_TEST_CASE(the_bound_gives_up_the_oldest_and_logs, Fixture) {
    queue.push(changes({"m1", "m2", "m3", "m4", "m5", "m6", "m7"}));
    BOOST_TEST(queue.stats().dropped == 2u);
    BOOST_TEST(sink->contains("RACK_POWER_REPORTS_DROPPED"));
    const auto report = next();
    BOOST_REQUIRE(report.changes.size() == 5u);
    BOOST_TEST(report.changes.front().system_id == "m3");
}

BOOST_FIXTURE_TEST_CASE(a_malformed_report_is_given_up_with_a_log_line, Fixture) {
    queue.push(changes({"m1"}));
    next();
    queue.push(changes({"m2"}));
    answer(mr::RpcMessage::error(1, mr::code::kBadRequest, "PowerStateReport: changes: ..."));
    BOOST_TEST(sink->contains("RACK_POWER_REPORT_REFUSED"));
    const auto report = next();
    BOOST_TEST(report.seq == 2);
    BOOST_TEST(report.changes[0].system_id == "m2");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(traffic_mux)

namespace {

/// A source that always has one request of its own command.
struct Talker final : LinkTraffic {
    explicit Talker(std::string c) : command(std::move(c)) {}
    void linkRegistered(const Endpoint&) override { ++registered; }
    void heartbeatReply(const Endpoint&, const Poco::JSON::Object&) override {}
    std::optional<OutgoingRequest> nextRequest(const Endpoint&, const std::string&) override {
        if (quiet)
            return std::nullopt;
        return OutgoingRequest{command, new Poco::JSON::Object};
    }
    void reply(const Endpoint&, const std::string& c, const mr::RpcMessage&) override {
        replies.push_back(c);
    }
    void linkLost(const Endpoint&) override { ++lost; }
    std::string command;
    bool quiet = false;
    int registered = 0, lost = 0;
    std::vector<std::string> replies;
};

}  // namespace

BOOST_AUTO_TEST_CASE(sources_take_turns_and_replies_go_to_their_sender) {
    Talker dhcp("LeaseEvents"), power("PowerStateReport");
    TrafficMux mux({&dhcp, &power});
    BOOST_TEST(mux.nextRequest(kA, "r")->command == "LeaseEvents");
    BOOST_TEST(mux.nextRequest(kA, "r")->command == "PowerStateReport");
    BOOST_TEST(mux.nextRequest(kA, "r")->command == "LeaseEvents");
    dhcp.quiet = true;
    BOOST_TEST(mux.nextRequest(kA, "r")->command == "PowerStateReport");
    BOOST_TEST(mux.nextRequest(kA, "r")->command == "PowerStateReport");
    power.quiet = true;
    BOOST_TEST(!mux.nextRequest(kA, "r"));
    mux.reply(kA, "PowerStateReport", mr::RpcMessage::reply(1, nullptr));
    mux.reply(kA, "LeaseEvents", mr::RpcMessage::reply(2, nullptr));
    mux.reply(kA, "Unknown", mr::RpcMessage::reply(3, nullptr));
    BOOST_TEST(power.replies == std::vector<std::string>{"PowerStateReport"});
    BOOST_TEST(dhcp.replies == std::vector<std::string>{"LeaseEvents"});
    mux.linkRegistered(kA);
    mux.linkLost(kA);
    BOOST_TEST(dhcp.registered + power.registered == 2);
    BOOST_TEST(dhcp.lost + power.lost == 2);
}

BOOST_AUTO_TEST_SUITE_END()
