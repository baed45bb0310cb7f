#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <set>

#include "maas/rack/power/per_bmc_queue.h"
#include "maas/rack/power/power_service.h"
#include "maas/rpc/commands.h"
#include "maas/rpc/power_commands.h"
#include "maas/test/manual_clock.h"

using namespace maas::rack::power;
namespace mr = maas::rpc;
using namespace std::chrono_literals;

namespace {

/// An ipmi driver stand-in that records how many calls each BMC has in flight; a call on a
/// BMC listed in `hold` waits (bounded) until the test releases it, which leaves room for a
/// second call on that BMC to overlap it if the service let one through.
class RecordingDriver final : public PowerDriver {
  public:
    using PowerDriver::perform;
    std::string perform(PowerAction, const Parameters& p,
                        std::chrono::milliseconds budget) override {
        const auto bmc = parameter(p, "power_address");
        std::unique_lock lock(mutex_);
        budgets.push_back(budget);
        const int now = ++in_flight_[bmc];
        max_per_bmc = std::max(max_per_bmc, now);
        started_[bmc]++;
        changed_.notify_all();
        // The first call on each BMC waits for the other BMC's first call to start: both BMCs
        // run at once, while each runs one call at a time.
        if (started_[bmc] == 1 && !other.empty()) {
            const auto peer = bmc == "192.0.2.1" ? "192.0.2.2" : "192.0.2.1";
            overlapped |= changed_.wait_for(lock, 5s, [&] { return started_[peer] > 0; });
        }
        changed_.wait_for(lock, 5s, [&] { return !hold.contains(bmc); });
        --in_flight_[bmc];
        return "on";
    }
    void release(const std::string& bmc) {
        std::lock_guard lock(mutex_);
        hold.erase(bmc);
        changed_.notify_all();
    }
    bool waitStarted(const std::string& bmc, int n) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, 5s, [&] { return started_[bmc] >= n; });
    }

    std::set<std::string> hold;
    std::string other;  ///< non-empty: first calls wait for the other BMC's first call
    int max_per_bmc = 0;
    bool overlapped = false;
    std::vector<std::chrono::milliseconds> budgets;

  private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::map<std::string, int> in_flight_;
    std::map<std::string, int> started_;
};

struct Replies {
    std::mutex mutex;
    std::condition_variable arrived;
    std::map<uint64_t, mr::RpcMessage> by_id;
    bool waitFor(size_t n) {
        std::unique_lock lock(mutex);
        return arrived.wait_for(lock, 10s, [&] { return by_id.size() >= n; });
    }
    maas::rack::RegionRequestHandler::Reply sink() {
        return [this](const mr::RpcMessage& m) {
            std::lock_guard lock(mutex);
            by_id.emplace(m.id, m);
            arrived.notify_all();
        };
    }
};

struct Fixture {
    explicit Fixture(std::chrono::milliseconds call_timeout = 10s) {
        drivers.add("ipmi", driver);
        PowerServiceOptions options;
        options.workers = 8;
        options.call_timeout = call_timeout;
        service = std::make_unique<PowerService>(
            options, drivers, [](const mr::PowerStateReport&) { return true; },
            [] { return std::string("rack1"); }, [] { return 0.5; }, logger, clock);
        service->start();
    }
    void powerOn(uint64_t id, const std::string& address) {
        mr::PowerArgs args{"m" + std::to_string(id), "ipmi", {{"power_address", address}}};
        service->handle(mr::RpcMessage::request(id, mr::command::kPowerOn, mr::toJson(args)),
                        replies.sink());
    }

    /// Call 1 holds BMC 192.0.2.1 while call 2 for it waits `wait` (on the test's clock); then
    /// both answer.
    void secondCallWaits(std::chrono::milliseconds wait) {
        driver->hold = {"192.0.2.1"};
        powerOn(1, "192.0.2.1");
        BOOST_REQUIRE(driver->waitStarted("192.0.2.1", 1));
        powerOn(2, "192.0.2.1");
        clock.advance(wait);
        driver->release("192.0.2.1");
        BOOST_REQUIRE(replies.waitFor(2));
    }

    maas::test::ManualClock clock;
    maas::Logger logger{"test", std::make_shared<maas::MemorySink>()};
    std::shared_ptr<RecordingDriver> driver = std::make_shared<RecordingDriver>();
    DriverSet drivers;
    Replies replies;
    std::unique_ptr<PowerService> service;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(per_bmc_queue)

BOOST_AUTO_TEST_CASE(calls_for_a_busy_bmc_wait_in_order) {
    PerBmcQueue<int> queue;
    int a = 1, b = 2, c = 3, other = 4;
    BOOST_TEST(queue.admit("x", a));
    BOOST_TEST(!queue.admit("x", b));
    BOOST_TEST(!queue.admit("x", c));
    BOOST_TEST(queue.admit("y", other));  // another BMC is not held up
    BOOST_TEST(queue.parked() == 2u);
    BOOST_TEST(queue.finish("x").value() == 2);
    BOOST_TEST(queue.finish("x").value() == 3);
    BOOST_TEST(queue.busy("x"));
    BOOST_TEST(!queue.finish("x").has_value());
    BOOST_TEST(!queue.busy("x"));
    BOOST_TEST(queue.parked() == 0u);
    int again = 5;
    BOOST_TEST(queue.admit("x", again));  // free again
}

BOOST_AUTO_TEST_CASE(bmc_keys_name_the_bmc) {
    BOOST_TEST(bmcKey("ipmi", {{"power_address", "192.0.2.1"}}) == "ipmi:192.0.2.1:623");
    BOOST_TEST(bmcKey("ipmi", {{"power_address", "192.0.2.1"}, {"power_port", "9001"}}) ==
               "ipmi:192.0.2.1:9001");
    BOOST_TEST(bmcKey("webhook", {{"power_on_uri", "http://h/on"}}) == "webhook:http://h/on");
    BOOST_TEST(bmcKey("manual", {}) == "");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(power_service)

BOOST_AUTO_TEST_CASE(concurrent_calls_run_one_at_a_time_per_bmc) {
    Fixture f;
    f.driver->other = "yes";
    f.driver->hold = {"192.0.2.1", "192.0.2.2"};
    for (uint64_t i = 1; i <= 12; ++i) {
        f.powerOn(i, i % 2 ? "192.0.2.1" : "192.0.2.2");
    }
    // Both first calls are in the driver while ten more wait: any of those let through to a
    // busy BMC would show in max_per_bmc.
    BOOST_REQUIRE(f.driver->waitStarted("192.0.2.1", 1));
    BOOST_REQUIRE(f.driver->waitStarted("192.0.2.2", 1));
    f.driver->release("192.0.2.1");
    f.driver->release("192.0.2.2");
    BOOST_REQUIRE(f.replies.waitFor(12));
    for (const auto& [id, reply] : f.replies.by_id) {
        BOOST_TEST((reply.kind == mr::MessageKind::Reply), "call " << id << ": " << reply.text);
    }
    BOOST_TEST(f.driver->max_per_bmc == 1);
    BOOST_TEST(f.driver->overlapped);  // the two BMCs were driven at the same time
}

BOOST_AUTO_TEST_CASE(the_next_caller_waits_with_what_is_left_of_its_budget) {
    Fixture f(2s);
    f.secondCallWaits(100ms);  // it waits behind call 1 for at least this long
    BOOST_TEST((f.replies.by_id.at(2).kind == mr::MessageKind::Reply));
    BOOST_REQUIRE_EQUAL(f.driver->budgets.size(), 2u);
    BOOST_TEST(f.driver->budgets[1] == 2000ms - 100ms);  // the clock moved only those 100 ms
}

BOOST_AUTO_TEST_CASE(a_caller_whose_budget_ran_out_waiting_gets_an_error) {
    Fixture f(200ms);
    f.secondCallWaits(400ms);  // past call 2's whole budget
    const auto& late = f.replies.by_id.at(2);
    BOOST_TEST(late.code == mr::code::kPowerFailed);
    BOOST_TEST(late.text.find("stayed busy") != std::string::npos);
    BOOST_TEST(f.driver->budgets.size() == 1u);  // never reached the BMC
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

/// A BMC whose state the test sets; counts the polls it answers.
class SwitchDriver final : public PowerDriver {
  public:
    using PowerDriver::perform;
    std::string perform(PowerAction, const Parameters&, std::chrono::milliseconds) override {
        std::lock_guard lock(mutex_);
        ++polls_;
        polled_.notify_all();
        return state;
    }
    /// Waits (bounded, real time) for the n-th poll.
    bool waitPolls(int n, std::chrono::milliseconds bound) {
        std::unique_lock lock(mutex_);
        return polled_.wait_for(lock, bound, [&] { return polls_ >= n; });
    }
    void set(const std::string& s) {
        std::lock_guard lock(mutex_);
        state = s;
    }

  private:
    std::mutex mutex_;
    std::condition_variable polled_;
    int polls_ = 0;
    std::string state = "on";
};

/// The region side of reports: refused while `link_up` is false, as with no region link.
struct ReportSink {
    std::mutex mutex;
    std::condition_variable changed;
    bool link_up = false;
    int refused = 0;
    std::vector<std::string> delivered;
    bool take(const mr::PowerStateReport& report) {
        std::lock_guard lock(mutex);
        changed.notify_all();
        if (!link_up) {
            ++refused;
            return false;
        }
        for (const auto& change : report.changes)
            delivered.push_back(change.system_id + "=" + change.state);
        return true;
    }
    /// Waits (bounded, real time) until `done` holds under the lock.
    bool waitFor(const std::function<bool()>& done, std::chrono::milliseconds bound) {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, bound, done);
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(power_reports_in_an_outage)

BOOST_AUTO_TEST_CASE(polls_go_on_and_reports_wait_for_a_region) {
    maas::test::ManualClock clock;
    maas::Logger logger{"test", std::make_shared<maas::MemorySink>()};
    auto driver = std::make_shared<SwitchDriver>();
    DriverSet drivers;
    drivers.add("ipmi", driver);
    ReportSink sink;
    PowerService service(
        PowerServiceOptions{}, drivers, [&](const mr::PowerStateReport& r) { return sink.take(r); },
        [] { return std::string("rack1"); }, [] { return 0.5; }, logger, clock);
    service.start();
    mr::PowerAssignments assignments;
    assignments.interval_ms = 1000;
    assignments.bmcs.push_back({"m1", "ipmi", {{"power_address", "192.0.2.1"}}});
    Replies replies;
    service.handle(
        mr::RpcMessage::request(1, mr::command::kSetPowerAssignments, mr::toJson(assignments)),
        replies.sink());
    // advanceUntil: moves the test clock in steps until `done`, bounded.
    auto advanceUntil = [&](const std::function<bool()>& done) {
        for (int i = 0; i < 500 && !done(); ++i)
            clock.advance(200ms);
        return done();
    };
    // No region: polls go on, their reports are kept.
    BOOST_REQUIRE(advanceUntil([&] { return driver->waitPolls(1, 5ms); }));
    driver->set("off");
    BOOST_REQUIRE(advanceUntil([&] { return driver->waitPolls(3, 5ms); }));
    BOOST_REQUIRE(
        advanceUntil([&] { return sink.waitFor([&] { return sink.refused >= 2; }, 5ms); }));
    // A region is back: what was kept arrives, in the order it happened.
    {
        std::lock_guard lock(sink.mutex);
        sink.link_up = true;
    }
    BOOST_REQUIRE(advanceUntil(
        [&] { return sink.waitFor([&] { return sink.delivered.size() >= 3; }, 5ms); }));
    service.stop();
    // Every poll is reported (newest wins at the region): the kept ones first, in order.
    std::lock_guard lock(sink.mutex);
    BOOST_TEST(sink.delivered.at(0) == "m1=on");
    const auto off = std::find(sink.delivered.begin(), sink.delivered.end(), "m1=off");
    BOOST_REQUIRE(off != sink.delivered.end());
    BOOST_TEST(std::all_of(sink.delivered.begin(), off, [](auto& d) { return d == "m1=on"; }));
    BOOST_TEST(std::all_of(off, sink.delivered.end(), [](auto& d) { return d == "m1=off"; }));
}

BOOST_AUTO_TEST_SUITE_END()
