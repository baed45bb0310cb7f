#include <boost/test/unit_test.hpp>

#include "maas/rack/dhcp_agent.h"
#include "maas/rack/lease_events.h"
#include "maas/rpc/commands.h"
#include "spool_dir.h"

using namespace maas::rack;
namespace mr = maas::rpc;

namespace {

struct NullKea : KeaControl {
    std::optional<std::string> validate(const std::filesystem::path&) override { return {}; }
    std::optional<std::string> start(const std::filesystem::path&) override { return {}; }
    std::optional<std::string> restart() override { return {}; }
    std::optional<std::string> stop() override { return {}; }
    std::optional<std::string> processState() override { return "ready"; }
};

struct Fixture {
    NullKea kea;
    DhcpApplier applier{"/nonexistent-dhcp-dir", kea};
    maas::Logger logger{"test", std::make_shared<maas::MemorySink>()};
    test::SpoolDir dir;
    std::unique_ptr<LeaseSpool> spool = dir.open();
    DhcpAgent agent{
        {"/d", "/l.so", "/h.so", "/s", "/e.sock"}, applier, *spool, logger, std::chrono::hours(1)};
    Endpoint a{"192.0.2.1", 5250};
    Endpoint b{"192.0.2.2", 5250};

    std::string next(const Endpoint& e) {
        const auto r = agent.nextRequest(e, "abc123");
        return r ? r->command : "";
    }
    mr::RpcMessage configReply(int64_t generation) {
        mr::DhcpConfigResult r;
        r.generation = generation;
        return mr::RpcMessage::reply(1, mr::toJson(r));
    }
};

mr::LeaseEvent event(const std::string& ip) {
    return {"commit", ip, "52:54:00:00:00:01", "", 100};
}

/// Lease events as rackd takes them: the hook's sequenced lines, spooled by the event socket's
/// sink (LeaseSpool::appendFromHook), which the agent then sends to a region.
void fromHook(LeaseSpool& spool, const std::vector<mr::LeaseEvent>& events) {
    static uint64_t seq = 0;
    std::vector<HookLeaseEvent> lines;
    for (const auto& e : events)
        lines.push_back({"a9e7", ++seq, e});
    BOOST_REQUIRE(!spool.appendFromHook(lines).empty());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(dhcp_agent)

BOOST_FIXTURE_TEST_CASE(fetches_once_per_connect_and_per_new_generation, Fixture) {
    agent.linkRegistered(a);
    BOOST_TEST(next(a) == "GetDHCPConfig");
    BOOST_TEST(next(b) == "");  // one request in flight at a time
    agent.reply(a, "GetDHCPConfig", configReply(7));
    BOOST_TEST(next(a) == "");
    agent.heartbeatReply(a, *mr::heartbeatReplyJson(7));
    BOOST_TEST(next(a) == "");  // already have generation 7
    agent.heartbeatReply(b, *mr::heartbeatReplyJson(8));
    BOOST_TEST(next(b) == "GetDHCPConfig");
    agent.reply(b, "GetDHCPConfig", configReply(8));
    agent.linkRegistered(b);  // a reconnect asks again even at the same generation
    BOOST_TEST(next(b) == "GetDHCPConfig");
}

BOOST_FIXTURE_TEST_CASE(a_lost_link_moves_the_request_elsewhere, Fixture) {
    agent.linkRegistered(a);
    BOOST_TEST(next(a) == "GetDHCPConfig");
    agent.linkLost(a);
    BOOST_TEST(next(b) == "GetDHCPConfig");
    agent.reply(a, "GetDHCPConfig", configReply(3));  // stale: ignored
    BOOST_TEST(next(a) == "");
    agent.reply(b, "GetDHCPConfig", mr::RpcMessage::error(2, "internal-error", "database"));
    agent.heartbeatReply(a, *mr::heartbeatReplyJson(1));
    BOOST_TEST(next(a) == "");  // not before the retry delay (an hour here)
}

BOOST_AUTO_TEST_CASE(a_failed_fetch_is_retried_after_the_delay) {
    NullKea kea;
    DhcpApplier applier{"/nonexistent-dhcp-dir", kea};
    maas::Logger logger{"test", std::make_shared<maas::MemorySink>()};
    test::SpoolDir dir;
    auto spool = dir.open();
    DhcpAgent agent{{"/d", "/l.so", "/h.so", "/s", "/e.sock"},
                    applier,
                    *spool,
                    logger,
                    std::chrono::milliseconds(0)};
    const Endpoint a{"192.0.2.1", 5250};
    BOOST_TEST(agent.nextRequest(a, "x")->command == "GetDHCPConfig");
    agent.reply(a, "GetDHCPConfig", mr::RpcMessage::error(2, "internal-error", "database"));
    BOOST_TEST(agent.nextRequest(a, "x")->command == "GetDHCPConfig");
}

BOOST_FIXTURE_TEST_CASE(a_region_without_dhcp_is_not_asked_again_until_reconnect, Fixture) {
    agent.linkRegistered(a);
    BOOST_TEST(next(a) == "GetDHCPConfig");
    agent.reply(a, "GetDHCPConfig", mr::RpcMessage::error(2, "unknown-command", "unknown"));
    BOOST_TEST(next(a) == "");
    fromHook(*spool, {event("192.0.2.1")});
    NullKea kea2;
    DhcpApplier applier2{"/nonexistent-dhcp-dir", kea2};
    test::SpoolDir dir2;
    auto spool2 = dir2.open();
    DhcpAgent fresh{{"/d", "/l.so", "/h.so", "/s", "/e.sock"},
                    applier2,
                    *spool2,
                    logger,
                    std::chrono::milliseconds(0)};
    fresh.linkRegistered(a);
    fresh.nextRequest(a, "x");
    fresh.reply(a, "GetDHCPConfig", mr::RpcMessage::error(2, "unknown-command", "unknown"));
    fromHook(*spool2, {event("192.0.2.1")});
    BOOST_TEST(fresh.nextRequest(a, "x")->command == "LeaseEvents");
    fresh.reply(a, "LeaseEvents", mr::RpcMessage::error(3, "unknown-command", "unknown"));
    BOOST_TEST(!fresh.nextRequest(a, "x"));  // dropped, not retried forever
}

BOOST_FIXTURE_TEST_CASE(lease_events_batched_and_requeued_on_failure, Fixture) {
    agent.reply(a, "GetDHCPConfig", configReply(1));  // nothing in flight: ignored
    std::vector<mr::LeaseEvent> events;
    for (int i = 0; i < 250; ++i)
        events.push_back(event("192.0.2." + std::to_string(i % 250)));
    fromHook(*spool, events);
    agent.linkRegistered(a);
    BOOST_TEST(next(a) == "GetDHCPConfig");
    agent.reply(a, "GetDHCPConfig", configReply(1));
    const auto first = agent.nextRequest(a, "abc123");
    BOOST_REQUIRE(first);
    BOOST_TEST(first->command == "LeaseEvents");
    BOOST_TEST(mr::decodeLeaseEvents(*first->args).events.size() == DhcpAgent::kEventsPerRequest);
    BOOST_TEST(next(a) == "");  // one batch in flight
    agent.linkLost(a);
    const auto again = agent.nextRequest(b, "abc123");
    BOOST_REQUIRE(again);
    BOOST_TEST(mr::decodeLeaseEvents(*again->args).events.at(0).ip == "192.0.2.0");
    agent.reply(b, "LeaseEvents", mr::RpcMessage::reply(3, nullptr));
    const auto rest = agent.nextRequest(b, "abc123");
    BOOST_REQUIRE(rest);
    BOOST_TEST(mr::decodeLeaseEvents(*rest->args).events.size() == 50u);
}

BOOST_FIXTURE_TEST_CASE(batches_carry_their_sequence_and_trim_only_what_was_applied, Fixture) {
    fromHook(*spool, {event("192.0.2.1"), event("192.0.2.2"), event("192.0.2.3")});
    agent.nextRequest(a, "abc123");  // GetDHCPConfig first
    agent.reply(a, "GetDHCPConfig", configReply(1));
    const auto sent = agent.nextRequest(a, "abc123");
    BOOST_REQUIRE(sent);
    const auto args = mr::decodeLeaseEvents(*sent->args);
    BOOST_TEST(args.first_seq == 1);
    BOOST_TEST(args.spool == spool->peek(1).spool_id);
    BOOST_TEST(args.events.size() == 3u);
    // The region recorded only the first two (e.g. it crashed mid-way on an earlier try).
    agent.reply(a, "LeaseEvents", mr::RpcMessage::reply(4, mr::leaseEventsReplyJson(2)));
    const auto rest = agent.nextRequest(a, "abc123");
    BOOST_REQUIRE(rest);
    BOOST_TEST(mr::decodeLeaseEvents(*rest->args).first_seq == 3);
    BOOST_TEST(mr::decodeLeaseEvents(*rest->args).events.size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(a_failing_region_keeps_the_events_and_is_not_stormed, Fixture) {
    agent.reply(a, "GetDHCPConfig", configReply(1));
    fromHook(*spool, {event("192.0.2.1")});
    agent.heartbeatReply(a, *mr::heartbeatReplyJson(0));
    BOOST_TEST(next(a) == "GetDHCPConfig");
    agent.reply(a, "GetDHCPConfig", configReply(1));
    BOOST_TEST(next(a) == "LeaseEvents");
    agent.reply(a, "LeaseEvents",
                mr::RpcMessage::error(2, "internal-error", "database error; retry"));
    BOOST_TEST(next(a) == "");  // not before the retry delay (an hour here)
    BOOST_TEST(spool->stats().pending == 1u);
}

BOOST_FIXTURE_TEST_CASE(a_refused_batch_is_given_up_and_logged, Fixture) {
    fromHook(*spool, {event("192.0.2.1")});
    BOOST_TEST(next(a) == "GetDHCPConfig");
    agent.reply(a, "GetDHCPConfig", configReply(1));
    BOOST_TEST(next(a) == "LeaseEvents");
    agent.reply(a, "LeaseEvents", mr::RpcMessage::error(2, "bad-request", "lease events: bad ip"));
    BOOST_TEST(spool->stats().pending == 0u);
    BOOST_TEST(next(a) == "");
}

BOOST_AUTO_TEST_SUITE_END()
