// The hook's lease-event sender against a stand-in rackd on a real unix datagram socket: lines
// are kept until acknowledged, sent again to a restarted rackd or when no acknowledgement came,
// dropped oldest-first at the bound, and counted.
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <set>

#include "ha_service_harness.h"
#include "lease_events.h"
#include "maas/common/lease_event_wire.h"
#include "maas/test/manual_clock.h"

using namespace maas::hooks;
using namespace maas::hooks::testing;

namespace {

/// A stand-in rackd: reads what its socket holds and, when `ack`, acknowledges the highest
/// sequence number read, as rackd does once it spooled them.
struct FakeRackd {
    explicit FakeRackd(std::string p) : path(std::move(p)), fd(bindRackd(path)) {}
    ~FakeRackd() { ::unlink(path.c_str()); }

    std::vector<maas::LeaseEventLine> read(bool ack) {
        std::vector<maas::LeaseEventLine> got;
        char buffer[2048];
        sockaddr_un from{};
        socklen_t len = sizeof from;
        for (ssize_t n;
             (len = sizeof from, n = ::recvfrom(fd.get(), buffer, sizeof buffer, MSG_DONTWAIT,
                                                reinterpret_cast<sockaddr*>(&from), &len)) > 0;) {
            auto line = maas::parseLeaseEventLine(std::string_view(buffer, static_cast<size_t>(n)));
            BOOST_REQUIRE(line);
            got.push_back(std::move(*line));
            if (ack) {
                const auto text = maas::encodeLeaseEventAck({got.back().hook, got.back().seq});
                ::sendto(fd.get(), text.data(), text.size(), MSG_DONTWAIT,
                         reinterpret_cast<const sockaddr*>(&from), len);
            }
        }
        return got;
    }

    std::string path;
    maas::UniqueFd fd;
};

std::string socketPath(const char* what) {
    return "/tmp/maas-ha-" + std::string(what) + "-" + std::to_string(::getpid()) + ".sock";
}

/// Runs the service's tick (every 5 ms here) until done(), at most timeoutMs.
bool tickUntil(LeaseEvents& events, const std::function<bool()>& done, int timeoutMs) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    while (std::chrono::steady_clock::now() < end) {
        events.tick();
        if (done()) {
            return true;
        }
        ::poll(nullptr, 0, 5);
    }
    return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(lease_events)

BOOST_AUTO_TEST_CASE(acknowledged_lines_leave_and_unacknowledged_ones_reach_a_restarted_rackd) {
    maas::Logger log("test", std::make_shared<maas::MemorySink>());
    LeaseEvents events(socketPath("ack"), log, "00c0ffee");
    auto rackd = std::make_unique<FakeRackd>(socketPath("ack"));
    events.report("commit", lease(0xC0000211), "local");
    const auto first = rackd->read(true);
    BOOST_REQUIRE(first.size() == 1U);
    BOOST_TEST(first[0].hook == "00c0ffee");
    BOOST_TEST(first[0].seq == 1U);
    BOOST_REQUIRE(tickUntil(
        events, [&] { return events.buffered() == 0; }, 10000));
    BOOST_TEST(events.counters().acked == 1U);

    // Sent, read by rackd, never spooled: rackd is killed before it acknowledges.
    events.report("commit", lease(0xC0000212), "local");
    BOOST_TEST(rackd->read(false).size() == 1U);
    rackd.reset();
    rackd = std::make_unique<FakeRackd>(socketPath("ack"));  // started again at the same path
    events.report("commit", lease(0xC0000213), "local");
    std::vector<maas::LeaseEventLine> got;
    BOOST_REQUIRE(tickUntil(
        events,
        [&] {
            for (auto& l : rackd->read(true)) {
                got.push_back(std::move(l));
            }
            return events.buffered() == 0;
        },
        15000));
    std::set<uint64_t> seqs;
    for (const auto& l : got) {
        seqs.insert(l.seq);
    }
    BOOST_TEST((seqs == std::set<uint64_t>{2, 3}));  // the acknowledged line never again
    BOOST_TEST(got.front().ip == "192.0.2.18");      // and in order: 2 before 3
    const auto c = events.counters();
    BOOST_TEST(c.resent >= 1U);
    BOOST_TEST(c.acked == 3U);
    BOOST_TEST(c.unacked == 0U);
    BOOST_TEST(c.dropped == 0U);
}

BOOST_AUTO_TEST_CASE(a_missing_acknowledgement_sends_the_line_again) {
    maas::Logger log("test", std::make_shared<maas::MemorySink>());
    FakeRackd rackd(socketPath("timeout"));
    maas::test::ManualClock clock;
    LeaseEvents events(rackd.path, log, LeaseEvents::randomId(), clock);
    events.report("commit", lease(0xC0000221), "local");
    BOOST_TEST(rackd.read(false).size() == 1U);  // read, acknowledgement lost
    BOOST_TEST(events.counters().unacked == 1U);
    // Not yet overdue: nothing is sent again, however often the tick runs.
    clock.advance(LeaseEvents::kAckTimeout - std::chrono::milliseconds(1));
    events.tick();
    BOOST_TEST(rackd.read(false).empty());
    BOOST_TEST(events.counters().resent == 0U);
    // Overdue: the next tick sends it again, once.
    clock.advance(std::chrono::milliseconds(1));
    events.tick();
    const auto again = rackd.read(true);
    BOOST_REQUIRE(again.size() == 1U);
    BOOST_TEST(again.front().seq == 1U);
    BOOST_REQUIRE(tickUntil(
        events, [&] { return events.buffered() == 0; }, 10000));
    BOOST_TEST(events.counters().resent == 1U);
}

BOOST_AUTO_TEST_CASE(lines_wait_for_a_restarting_rackd_and_arrive_in_order) {
    // A single rack (no partner reports the same leases): rackd is down while leases are made.
    const std::string path = socketPath("restart");
    auto rackd = std::make_unique<FakeRackd>(path);
    PollWatcher loop;
    MemoryStore store;
    auto sink = std::make_shared<maas::MemorySink>();
    HaService service(parseParameters({{"role", std::string("standalone")},
                                       {"address", std::string("127.0.0.1")},
                                       {"event-socket", path}}),
                      {}, store, loop, sink, maas::steadyClock());
    service.start();
    auto commitOne = [&](uint32_t address) {
        service.onLocalChanges({{lease(address), "commit"}}, true, ParkedReply{[](bool) {}});
    };
    commitOne(0xC0000220);
    BOOST_TEST(rackd->read(true).size() == 1U);
    BOOST_REQUIRE(loop.runUntil([&] { return service.status().lease_events.unacked == 0; }, 10000));
    rackd.reset();
    rackd = std::make_unique<FakeRackd>(path + ".gone");  // killed: nothing reads the path
    ::unlink(path.c_str());
    for (uint32_t i = 1; i <= 20; ++i) {
        commitOne(0xC0000220 + i);
    }
    BOOST_TEST(service.status().lease_events.buffered == 20U);
    rackd = std::make_unique<FakeRackd>(path);  // rackd started again
    std::map<uint64_t, std::string> got;        // seq -> ip; a resend may repeat a line
    BOOST_REQUIRE(loop.runUntil(
        [&] {
            for (auto& l : rackd->read(true)) {
                got[l.seq] = l.ip;
            }
            return got.size() >= 20 && service.status().lease_events.unacked == 0;
        },
        15000));  // the tick sends them: no new lease needed
    BOOST_REQUIRE(got.size() == 20U);
    for (uint32_t i = 1; i <= 20; ++i) {
        BOOST_TEST(got[i + 1] == "192.0.2." + std::to_string(0x20 + i));
    }
    BOOST_TEST(!sink->contains("MAAS_HA_LEASE_EVENTS_DROPPED"));
}

BOOST_AUTO_TEST_CASE(past_the_bound_the_oldest_are_dropped_counted_and_logged_once) {
    const std::string path = socketPath("bound");
    ::unlink(path.c_str());  // no rackd at all
    auto sink = std::make_shared<maas::MemorySink>();
    maas::Logger log("test", sink);
    LeaseEvents events(path, log);
    const size_t extra = 5;
    for (size_t i = 0; i < LeaseEvents::kMaxBuffered + extra; ++i) {
        events.report("commit", lease(0x0A000000 + static_cast<uint32_t>(i)), "local");
    }
    BOOST_TEST(events.buffered() == LeaseEvents::kMaxBuffered);
    BOOST_TEST(events.dropped() == extra);
    size_t logged = 0;
    for (const auto& r : sink->records()) {
        logged += std::string(r.message->id) == msg::kLeaseEventsDropped.id ? 1 : 0;
    }
    BOOST_TEST(logged == 1U);  // one line for the whole stretch, the counter for each event

    FakeRackd rackd(path);
    std::map<uint64_t, std::string> got;
    BOOST_REQUIRE(tickUntil(
        events,
        [&] {
            for (auto& l : rackd.read(true)) {
                got[l.seq] = l.ip;
            }
            return events.buffered() == 0;
        },
        20000));
    BOOST_REQUIRE(got.size() == LeaseEvents::kMaxBuffered);
    BOOST_TEST(got.begin()->second == "10.0.0.5");     // the five oldest were dropped
    BOOST_TEST(got.rbegin()->second == "10.0.39.20");  // 10004 = 0x2714
    BOOST_TEST(events.counters().acked == LeaseEvents::kMaxBuffered);
}

BOOST_AUTO_TEST_CASE(acknowledgements_for_another_instance_or_malformed_change_nothing) {
    maas::Logger log("test", std::make_shared<maas::MemorySink>());
    FakeRackd rackd(socketPath("hostile-ack"));
    LeaseEvents events(rackd.path, log, "aa");
    events.report("commit", lease(0xC0000231), "local");
    sockaddr_un from{};
    socklen_t len = sizeof from;
    char buffer[512];
    BOOST_REQUIRE(::recvfrom(rackd.fd.get(), buffer, sizeof buffer, 0,
                             reinterpret_cast<sockaddr*>(&from), &len) > 0);
    for (const std::string& bad : {std::string("ack hook=bb seq=1\n"), std::string("ack seq=1\n"),
                                   std::string(300, 'x'), std::string("ack hook=aa seq=0\n")}) {
        ::sendto(rackd.fd.get(), bad.data(), bad.size(), 0, reinterpret_cast<sockaddr*>(&from),
                 len);
    }
    events.tick();
    BOOST_TEST(events.counters().unacked == 1U);
    const std::string ack = "ack hook=aa seq=1\n";
    ::sendto(rackd.fd.get(), ack.data(), ack.size(), 0, reinterpret_cast<sockaddr*>(&from), len);
    events.tick();
    BOOST_TEST(events.buffered() == 0U);
}

BOOST_AUTO_TEST_SUITE_END()
