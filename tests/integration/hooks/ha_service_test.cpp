// Two HaService instances (the hook without Kea) talking over loopback TCP, with an in-memory
// lease store and a poll() loop standing in for Kea's main loop: parking until the partner
// stored the lease, backlog replay, a fresh partner's full pull, a wrong secret, and a
// standalone service (no partner) that only reports lease events.
#define BOOST_TEST_MODULE hook_service_tests
#include <boost/test/unit_test.hpp>

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>

#include "ha_service.h"
#include "maas/common/secret.h"
#include "maas/hooks/coalesce.h"

using namespace maas::hooks;

namespace {

class PollWatcher final : public FdWatcher {
  public:
    void watch(int fd, std::function<void()> cb) override { callbacks_[fd] = std::move(cb); }
    void unwatch(int fd) override { callbacks_.erase(fd); }
    bool queriesWaiting() override { return queries_waiting; }
    bool queries_waiting = false;  ///< what Kea's DHCP sockets would say

    /// Runs the loop until done() or the deadline; true when done() became true.
    bool runUntil(const std::function<bool()>& done, int timeoutMs = 10000) {
        const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
        while (std::chrono::steady_clock::now() < end) {
            if (done()) {
                return true;
            }
            std::vector<pollfd> fds;
            for (auto& [fd, cb] : callbacks_) {
                fds.push_back({fd, POLLIN, 0});
            }
            if (::poll(fds.data(), fds.size(), 10) <= 0) {
                continue;
            }
            for (auto& p : fds) {
                auto it = callbacks_.find(p.fd);
                if ((p.revents & (POLLIN | POLLHUP | POLLERR)) != 0 && it != callbacks_.end()) {
                    auto cb = it->second;  // the callback may unwatch itself
                    cb();
                }
            }
        }
        return done();
    }

  private:
    std::map<int, std::function<void()>> callbacks_;
};

class MemoryStore final : public LeaseStore {
  public:
    std::string apply(const LeaseRecord& lease) override {
        if (lease.op == LeaseRecord::Op::Delete) {
            leases.erase(lease.address);
        } else {
            leases[lease.address] = lease;
        }
        return "";
    }
    std::optional<LeaseRecord> get(uint32_t address) override {
        auto it = leases.find(address);
        return it == leases.end() ? std::nullopt : std::optional<LeaseRecord>(it->second);
    }
    Page page(bool fromStart, uint32_t after, uint32_t limit) override {
        Page page;
        auto it = fromStart ? leases.begin() : leases.upper_bound(after);
        for (; it != leases.end() && page.leases.size() < limit; ++it) {
            page.leases.push_back(it->second);
        }
        page.last = it == leases.end();
        return page;
    }
    std::map<uint32_t, LeaseRecord> leases;
};

uint16_t testPort() {
    return static_cast<uint16_t>(20000 + (::getpid() * 7) % 20000);
}

HookParameters params(Role role) {
    RawParams raw = {
        {"role", std::string(roleName(role))},
        {"address", std::string(role == Role::Primary ? "127.0.0.1" : "127.0.0.2")},
        {"peer-address", std::string(role == Role::Primary ? "127.0.0.2" : "127.0.0.1")},
        {"port", int64_t{testPort()}},
        {"sync-page-size", int64_t{7}},
        {"secret-file", std::string("/unused")}};
    return parseParameters(raw);
}

LeaseRecord lease(uint32_t address) {
    LeaseRecord l;
    l.address = address;
    l.hwAddress = {
        0x52, 0x54, 0, 0, static_cast<uint8_t>(address >> 8), static_cast<uint8_t>(address)};
    l.validLifetime = 600;
    l.cltt = 1764000000;
    return l;
}

struct Server {
    Server(Role role, const Bytes& secret, PollWatcher& watcher,
           const std::vector<LeaseRecord>& seed = {})
        : sink(std::make_shared<maas::MemorySink>()),
          service(params(role), secret, store, watcher, sink) {
        for (const LeaseRecord& l : seed) {
            store.apply(l);  // what the server's memfile held when it went down
        }
        service.start();
    }
    HaState state() { return service.status().state; }
    MemoryStore store;
    std::shared_ptr<maas::MemorySink> sink;
    HaService service;
};

/// rackd's side of the event socket: a unix datagram socket bound at `path`.
maas::UniqueFd bindRackd(const std::string& path) {
    ::unlink(path.c_str());
    maas::UniqueFd fd(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    sockaddr_un sa{};
    sa.sun_family = AF_UNIX;
    std::snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path.c_str());
    BOOST_REQUIRE(::bind(fd.get(), reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0);
    return fd;
}

/// Commits a lease locally on `server`, as leases4_committed would.
bool commit(Server& server, const LeaseRecord& l, bool& released, bool& dropped) {
    server.store.apply(l);
    return server.service.onLocalChanges(
        {{l, "commit"}}, true,
        ParkedReply{[&released] { released = true; }, [&dropped] { dropped = true; }});
}

/// A primary and a secondary over loopback, both in normal.
struct NormalPair {
    NormalPair() {
        BOOST_REQUIRE(loop.runUntil(
            [&] { return a.state() == HaState::Normal && b.state() == HaState::Normal; }));
    }
    Bytes secret = maas::Secret::generate().bytes();
    PollWatcher loop;
    Server a{Role::Primary, secret, loop};
    Server b{Role::Secondary, secret, loop};
};

}  // namespace

BOOST_AUTO_TEST_CASE(reply_waits_for_partner_then_backlog_and_fresh_partner_sync) {
    const Bytes secret = maas::Secret::generate().bytes();
    PollWatcher loop;
    Server a(Role::Primary, secret, loop);
    auto b = std::make_unique<Server>(Role::Secondary, secret, loop);
    BOOST_REQUIRE(loop.runUntil(
        [&] { return a.state() == HaState::Normal && b->state() == HaState::Normal; }));

    // Normal: the reply is parked and released only once the partner holds the lease.
    bool released = false;
    bool dropped = false;
    bool partnerHadItAtRelease = false;
    a.store.apply(lease(0x0A000001));
    BOOST_TEST(a.service.onLocalChanges({{lease(0x0A000001), "commit"}}, true,
                                        ParkedReply{[&] {
                                                        released = true;
                                                        partnerHadItAtRelease =
                                                            b->store.leases.count(0x0A000001) == 1;
                                                    },
                                                    [&] { dropped = true; }}));
    BOOST_TEST(!released);
    BOOST_REQUIRE(loop.runUntil([&] { return released || dropped; }));
    BOOST_TEST(released);
    BOOST_TEST(partnerHadItAtRelease);
    BOOST_TEST(a.service.status().counters.updatesAcked == 1U);

    // Expiry (lease4_expire) and release reach the partner too, without parking.
    LeaseRecord expired = lease(0x0A000001);
    expired.state = 2;
    BOOST_TEST(!a.service.onLocalChanges({{expired, "expire"}}, false, ParkedReply{}));
    BOOST_REQUIRE(loop.runUntil([&] { return b->store.leases.at(0x0A000001).state == 2U; }));
    LeaseRecord released1 = lease(0x0A000001);
    released1.op = LeaseRecord::Op::Delete;
    a.service.onLocalChanges({{released1, "release"}}, false, ParkedReply{});
    BOOST_REQUIRE(loop.runUntil([&] { return b->store.leases.count(0x0A000001) == 0U; }));
    a.store.apply(lease(0x0A000001));
    b->store.apply(lease(0x0A000001));

    // The partner leaves cleanly: communications-interrupted, changes go to the backlog and
    // replies are not held.
    b.reset();
    BOOST_REQUIRE(loop.runUntil([&] { return a.state() == HaState::CommunicationsInterrupted; }));
    for (uint32_t i = 2; i <= 20; ++i) {
        bool r = false;
        bool d = false;
        BOOST_TEST(!commit(a, lease(0x0A000000 + i), r, d));
    }
    BOOST_TEST(a.service.status().backlog == 19U);

    // A fresh, empty partner pulls everything (pages of 7) before it serves.
    b = std::make_unique<Server>(Role::Secondary, secret, loop);
    BOOST_REQUIRE(loop.runUntil(
        [&] { return a.state() == HaState::Normal && b->state() == HaState::Normal; }));
    BOOST_REQUIRE(loop.runUntil([&] { return b->store.leases.size() == 20U; }));
    BOOST_TEST(a.service.status().backlog == 0U);
    BOOST_TEST(b->service.status().counters.syncLeasesPulled >= 20U);
    BOOST_TEST((b->store.leases == a.store.leases));
}

BOOST_AUTO_TEST_CASE(changes_wait_for_queued_queries_and_leave_together) {
    NormalPair pair;
    PollWatcher& loop = pair.loop;
    Server& a = pair.a;
    Server& b = pair.b;

    // Kea has more queries queued: the commits wait for them (no loop turn runs here).
    loop.queries_waiting = true;
    bool released[3] = {};
    bool dropped = false;
    for (uint32_t i = 0; i < 3; ++i) {
        BOOST_TEST(commit(a, lease(0x0A000100 + i), released[i], dropped));
    }
    BOOST_TEST(a.service.status().counters.updatesSent == 0U);
    a.service.onQueryReceived();  // the next query, with more behind it
    BOOST_TEST(a.service.status().counters.updatesSent == 0U);

    // The last queued query: the three go out in one frame and all replies follow its Ack.
    loop.queries_waiting = false;
    a.service.onQueryReceived();
    BOOST_TEST(a.service.status().counters.updatesSent == 3U);
    BOOST_REQUIRE(loop.runUntil([&] { return released[0] && released[1] && released[2]; }));
    BOOST_TEST(!dropped);
    BOOST_TEST(b.store.leases.size() == 3U);

    // A full batch leaves even while queries keep coming.
    loop.queries_waiting = true;
    const size_t full = CoalesceLimits{}.maxLeases;
    std::vector<std::pair<bool, bool>> replies(full);  // released, dropped; never reallocated
    for (size_t i = 0; i < full; ++i) {
        commit(a, lease(0x0A000200 + static_cast<uint32_t>(i)), replies[i].first,
               replies[i].second);
    }
    BOOST_TEST(a.service.status().counters.updatesSent == 3U + full);
    BOOST_REQUIRE(loop.runUntil([&] { return replies.back().first; }));
    BOOST_TEST(b.store.leases.size() == 3U + full);
}

BOOST_AUTO_TEST_CASE(changes_wait_for_the_ack_of_the_frame_in_flight) {
    NormalPair pair;
    PollWatcher& loop = pair.loop;
    Server& a = pair.a;
    Server& b = pair.b;
    // No frame for longer than the hold time (the handshake's heartbeats are no LeaseBatch).

    // Nothing queued, nothing in flight, no recent frame: the first change leaves at once.
    bool released[4] = {};
    bool dropped = false;
    BOOST_TEST(commit(a, lease(0x0A000300), released[0], dropped));
    BOOST_TEST(a.service.status().counters.updatesSent == 1U);
    // Its frame is not acknowledged yet (no loop turn runs here): the next ones gather.
    for (uint32_t i = 1; i < 4; ++i) {
        BOOST_TEST(commit(a, lease(0x0A000300 + i), released[i], dropped));
    }
    BOOST_TEST(a.service.status().counters.updatesSent == 1U);
    // The Ack sends them together (four changes are no load: no hold time after it); every
    // reply follows its own Ack.
    BOOST_REQUIRE(loop.runUntil([&] { return released[0]; }));
    BOOST_REQUIRE(loop.runUntil([&] { return a.service.status().counters.updatesSent == 4U; }));
    BOOST_REQUIRE(loop.runUntil([&] { return released[1] && released[2] && released[3]; }));
    BOOST_TEST(!dropped);
    BOOST_TEST(b.store.leases.size() == 4U);
}

BOOST_AUTO_TEST_CASE(under_load_held_changes_all_reach_the_partner) {
    NormalPair pair;
    PollWatcher& loop = pair.loop;
    Server& a = pair.a;
    Server& b = pair.b;
    // Bursts of commits far faster than one per millisecond: after the first bursts the server
    // counts as loaded, and batches wait for the hold timer after each acknowledged frame.
    constexpr size_t kBursts = 8;
    constexpr size_t kPerBurst = 10;
    std::vector<std::pair<bool, bool>> replies(kBursts * kPerBurst);  // released, dropped
    for (size_t burst = 0; burst < kBursts; ++burst) {
        for (size_t i = 0; i < kPerBurst; ++i) {
            const size_t n = burst * kPerBurst + i;
            commit(a, lease(0x0A000400 + static_cast<uint32_t>(n)), replies[n].first,
                   replies[n].second);
        }
        BOOST_REQUIRE(loop.runUntil([&] { return replies[burst * kPerBurst].first; }));
    }
    BOOST_REQUIRE(loop.runUntil([&] {
        return std::all_of(replies.begin(), replies.end(), [](auto& r) { return r.first; });
    }));
    BOOST_TEST(std::none_of(replies.begin(), replies.end(), [](auto& r) { return r.second; }));
    BOOST_TEST(b.store.leases.size() == replies.size());
    BOOST_TEST(a.service.status().counters.updatesSent == replies.size());
}

BOOST_AUTO_TEST_CASE(partner_that_served_alone_wins_the_resync) {
    const Bytes secret = maas::Secret::generate().bytes();
    PollWatcher loop;
    Server a(Role::Primary, secret, loop);
    auto b = std::make_unique<Server>(Role::Secondary, secret, loop);
    BOOST_REQUIRE(loop.runUntil(
        [&] { return a.state() == HaState::Normal && b->state() == HaState::Normal; }));
    b.reset();
    BOOST_REQUIRE(loop.runUntil([&] { return a.state() == HaState::CommunicationsInterrupted; }));
    a.service.partnerDown();
    BOOST_REQUIRE(a.state() == HaState::PartnerDown);
    for (uint32_t i = 10; i <= 40; i += 2) {
        a.store.apply(lease(0x0A000000 + i));
    }
    // b went down holding leases committed locally but never stored by a (so never acked),
    // spread over the first, a middle and past the last of a's pages of 7, and a stale copy.
    LeaseRecord stale = lease(0x0A000014);
    stale.validLifetime = 60;
    const std::vector<LeaseRecord> seed{lease(0x0A000003), lease(0x0A000019), lease(0x0A0000F0),
                                        stale};
    b = std::make_unique<Server>(Role::Secondary, secret, loop, seed);
    BOOST_REQUIRE(loop.runUntil(
        [&] { return a.state() == HaState::Normal && b->state() == HaState::Normal; }));
    BOOST_TEST(b->store.leases.size() == a.store.leases.size());
    BOOST_TEST((b->store.leases == a.store.leases));
    BOOST_TEST(b->store.leases.count(0x0A000003) == 0U);
    BOOST_TEST(b->store.leases.at(0x0A000014).validLifetime == 600U);
}

BOOST_AUTO_TEST_CASE(wrong_secret_is_refused_and_primary_serves_alone) {
    PollWatcher loop;
    Server a(Role::Primary, maas::Secret::generate().bytes(), loop);
    Server b(Role::Secondary, maas::Secret::generate().bytes(), loop);
    BOOST_REQUIRE(loop.runUntil([&] {
        return a.service.status().counters.authFailures + b.service.status().counters.authFailures >
               0;
    }));
    BOOST_TEST(!a.service.status().linkUp);
    BOOST_TEST(!b.service.status().linkUp);
    BOOST_TEST(b.store.leases.empty());
    BOOST_TEST(b.sink->contains("MAAS_HA_AUTH_FAILED"));
    // Nobody shows up within max-response-delay: the primary serves alone.
    BOOST_REQUIRE(
        loop.runUntil([&] { return a.state() == HaState::CommunicationsInterrupted; }, 8000));
    QueryFacts q;
    q.hwAddress = {1, 2, 3, 4, 5, 6};
    BOOST_TEST(a.service.shouldAnswer(q));
}

BOOST_AUTO_TEST_CASE(standalone_serves_everyone_and_only_reports_lease_events) {
    // rackd's side of the event socket: a bound unix datagram socket.
    const std::string path = "/tmp/maas-ha-standalone-" + std::to_string(::getpid()) + ".sock";
    maas::UniqueFd rackd = bindRackd(path);

    PollWatcher loop;
    MemoryStore store;
    HaService service(parseParameters({{"role", std::string("standalone")},
                                       {"address", std::string("127.0.0.1")},
                                       {"event-socket", path}}),
                      {}, store, loop, std::make_shared<maas::MemorySink>());
    service.start();
    BOOST_TEST((service.status().state == HaState::Standalone));
    BOOST_TEST((service.status().role == Role::Standalone));
    BOOST_TEST(!service.status().linkUp);
    BOOST_TEST(service.shouldAnswer(QueryFacts{}));
    BOOST_TEST(service.mayAllocate(0x7f000005, false));
    BOOST_TEST(service.grantedLifetime(7200) == 7200U);

    bool released = false, dropped = false;
    const LeaseRecord l = lease(0xC0000210);
    BOOST_TEST(!service.onLocalChanges(
        {{l, "commit"}}, true,
        ParkedReply{[&] { released = true; }, [&] { dropped = true; }}));  // answer now
    char line[512] = {};
    const ssize_t n = ::recv(rackd.get(), line, sizeof line - 1, MSG_DONTWAIT);
    BOOST_REQUIRE(n > 0);
    const std::string text(line, static_cast<size_t>(n));
    BOOST_TEST(text.rfind("lease action=commit ip=192.0.2.16 mac=52:54:00:00:02:10 ", 0) == 0);
    BOOST_TEST(text.find(" origin=local\n") != std::string::npos);

    // The loop runs (ticks) without a partner and nothing changes.
    loop.runUntil([] { return false; }, 300);
    BOOST_TEST((service.status().state == HaState::Standalone));
    BOOST_TEST(service.status().counters.updatesSent == 0U);
    BOOST_TEST(service.partnerDown() == "standalone: there is no partner");
    BOOST_TEST(service.resync() == "standalone: there is no partner to resync with");
    BOOST_TEST((service.status().state == HaState::Standalone));
    BOOST_TEST(!released);
    BOOST_TEST(!dropped);
    ::unlink(path.c_str());
}

BOOST_AUTO_TEST_CASE(lease_events_follow_rackd_replacing_its_socket) {
    const std::string path = "/tmp/maas-ha-events-" + std::to_string(::getpid()) + ".sock";
    auto received = [](const maas::UniqueFd& fd) {
        char line[512] = {};
        return ::recv(fd.get(), line, sizeof line - 1, MSG_DONTWAIT) > 0;
    };
    LeaseEvents events(path);
    maas::UniqueFd rackd = bindRackd(path);
    events.report("commit", lease(0xC0000211), "local");
    BOOST_TEST(received(rackd));
    // rackd restarts: its new socket at the same path gets the next event (one reconnect).
    rackd.reset();
    rackd = bindRackd(path);
    events.report("commit", lease(0xC0000212), "local");
    BOOST_TEST(received(rackd));
    BOOST_TEST(events.sent() == 2U);
    BOOST_TEST(events.dropped() == 0U);
    ::unlink(path.c_str());
}
