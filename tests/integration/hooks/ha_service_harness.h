// Test harness for HaService integration tests: two services (the hook without Kea) over
// loopback TCP, an in-memory lease store and a poll() loop standing in for Kea's main loop.
#pragma once

#include <boost/test/unit_test.hpp>

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <memory>

#include "ha_service.h"
#include "maas/common/secret.h"

namespace maas::hooks::testing {

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
    Page page(bool from_start, uint32_t after, uint32_t limit) override {
        Page page;
        auto it = from_start ? leases.begin() : leases.upper_bound(after);
        for (; it != leases.end() && page.leases.size() < limit; ++it) {
            page.leases.push_back(it->second);
        }
        page.last = it == leases.end();
        return page;
    }
    std::map<uint32_t, LeaseRecord> leases;
};

inline uint16_t testPort() {
    return static_cast<uint16_t>(20000 + (::getpid() * 7) % 20000);
}

inline HookParameters params(Role role, uint32_t batch_hold_ms = 2, uint32_t fence_time_ms = 0) {
    RawParams raw = {
        {"fence-time", int64_t{fence_time_ms}},
        {"batch-hold", int64_t{batch_hold_ms}},
        {"role", std::string(roleName(role))},
        {"address", std::string(role == Role::Primary ? "127.0.0.1" : "127.0.0.2")},
        {"peer-address", std::string(role == Role::Primary ? "127.0.0.2" : "127.0.0.1")},
        {"port", int64_t{testPort()}},
        {"sync-page-size", int64_t{7}},
        {"secret-file", std::string("/unused")}};
    return parseParameters(raw);
}

inline LeaseRecord lease(uint32_t address) {
    LeaseRecord l;
    l.address = address;
    l.hw_address = {
        0x52, 0x54, 0, 0, static_cast<uint8_t>(address >> 8), static_cast<uint8_t>(address)};
    l.valid_lifetime = 600;
    l.cltt = 1764000000;
    return l;
}

struct Server {
    Server(Role role, const Bytes& secret, PollWatcher& watcher,
           const std::vector<LeaseRecord>& seed = {}, uint32_t batch_hold_ms = 2,
           uint32_t fence_time_ms = 0, const maas::Clock& clock = maas::steadyClock())
        : sink(std::make_shared<maas::MemorySink>()),
          service(params(role, batch_hold_ms, fence_time_ms), secret, store, watcher, sink, clock) {
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
inline maas::UniqueFd bindRackd(const std::string& path) {
    ::unlink(path.c_str());
    maas::UniqueFd fd(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    sockaddr_un sa{};
    sa.sun_family = AF_UNIX;
    std::snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path.c_str());
    BOOST_REQUIRE(::bind(fd.get(), reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0);
    return fd;
}

/// Commits a lease locally on `server`, as leases4_committed would.
inline bool commit(Server& server, const LeaseRecord& l, bool& released, bool& dropped) {
    server.store.apply(l);
    return server.service.onLocalChanges(
        {{l, "commit"}}, true,
        ParkedReply{[&released, &dropped](bool send) { (send ? released : dropped) = true; }});
}

/// A primary and a secondary over loopback, both in normal.
struct NormalPair {
    explicit NormalPair(uint32_t batch_hold_ms = 2)
        : a{Role::Primary, secret, loop, {}, batch_hold_ms},
          b{Role::Secondary, secret, loop, {}, batch_hold_ms} {
        BOOST_REQUIRE(loop.runUntil(
            [&] { return a.state() == HaState::Normal && b.state() == HaState::Normal; }));
    }
    Bytes secret = maas::Secret::generate().bytes();
    PollWatcher loop;
    Server a;
    Server b;
};

/// A primary whose secondary reached normal with it and then left: the primary is
/// communications-interrupted, `b` is empty for the test to start a partner again.
struct PartnerAway {
    PartnerAway() : a{Role::Primary, secret, loop} {
        b = std::make_unique<Server>(Role::Secondary, secret, loop);
        BOOST_REQUIRE(loop.runUntil(
            [&] { return a.state() == HaState::Normal && b->state() == HaState::Normal; }));
        b.reset();
        BOOST_REQUIRE(
            loop.runUntil([&] { return a.state() == HaState::CommunicationsInterrupted; }));
    }
    Bytes secret = maas::Secret::generate().bytes();
    PollWatcher loop;
    Server a;
    std::unique_ptr<Server> b;
};

}  // namespace maas::hooks::testing
