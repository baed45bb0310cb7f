// The rack's RegionLink against the region's real RPC listener on loopback, in one process,
// on a manual clock: heartbeats, backoff and the silence limit follow the clock, so a test of a
// 60 s silence takes as long as the loopback round trips it needs.
#define BOOST_TEST_MODULE region_link
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "maas/common/paths.h"
#include "maas/rack/backoff.h"
#include "maas/rack/region_link.h"
#include "maas/region/rpc/memory_directory.h"
#include "maas/region/rpc/rpc_server.h"
#include "maas/test/manual_clock.h"
#include "tcp_relay.h"

using namespace maas;
using namespace maas::rack;
using namespace std::chrono_literals;
namespace mr = maas::rpc;
namespace rr = maas::region::rpc;

namespace {

const Bytes kSecret = fromHex("00112233445566778899aabbccddeeff");
constexpr auto kBound = 10s;  // real time any expected event may take on a loaded machine

/// Everything the tests wait for changes under this and notifies it: the link's events, the
/// region's heartbeats, the rack's heartbeat replies.
struct Signal {
    std::mutex mutex;
    std::condition_variable changed;
    void notify() {
        std::lock_guard lock(mutex);
        changed.notify_all();
    }
};
Signal signal;

/// The region's directory, counting heartbeats.
class CountingDirectory final : public rr::RackDirectory {
  public:
    mr::RegisterResult registerRack(const mr::RegisterArgs& args,
                                    const rr::PeerInfo& peer) override {
        return inner_.registerRack(args, peer);
    }
    void heartbeat(const std::string& system_id, const rr::PeerInfo& peer) override {
        inner_.heartbeat(system_id, peer);
        ++heartbeats;
        signal.notify();
    }
    void updateInterfaces(const mr::UpdateInterfacesArgs& args, const rr::PeerInfo& peer) override {
        inner_.updateInterfaces(args, peer);
    }
    void disconnected(const std::string& system_id, const rr::PeerInfo& peer) override {
        inner_.disconnected(system_id, peer);
    }
    std::atomic<int> heartbeats{0};

  private:
    rr::MemoryRackDirectory inner_{"uuid-1", "0.1.0"};
};

/// One region worker's RPC listener; `port` 0 picks a free one.
struct Region {
    explicit Region(uint16_t port = 0)
        : server(rr::RpcServerOptions{"127.0.0.1", port, kSecret, "0.1.0", 4096, 2000ms, 60000ms},
                 directory, logger) {
        server.start();
    }
    std::shared_ptr<MemorySink> sink = std::make_shared<MemorySink>();
    Logger logger{"regiond[0]", sink};
    CountingDirectory directory;
    rr::RpcServer server;
};

/// Every link event, in order, with bounded waits for them.
class Events final : public LinkObserver {
  public:
    struct Down {
        LinkFailure failure;
        std::string detail;
    };
    void linkUp(const Endpoint&, const mr::RegisterResult& result) override {
        record([&] {
            ++ups;
            system_id = result.system_id;
        });
    }
    void linkDown(const Endpoint&, LinkFailure failure, const std::string& detail) override {
        record([&] { downs.push_back({failure, detail}); });
    }
    void stopRequested(const Endpoint&, const std::string& reason) override {
        record([&] { stop_reason = reason; });
    }
    void regionsChanged() override {
        record([&] { ++regions_changed; });
    }
    /// Bounded: true once `done()` holds (checked under the signal's lock).
    template <typename Predicate>
    bool waitUntil(Predicate done) {
        std::unique_lock lock(signal.mutex);
        return signal.changed.wait_for(lock, kBound, done);
    }
    Down lastDown() {
        std::lock_guard lock(signal.mutex);
        return downs.back();
    }
    size_t downCount() {
        std::lock_guard lock(signal.mutex);
        return downs.size();
    }

    int ups = 0;
    int regions_changed = 0;
    std::string system_id;
    std::string stop_reason;
    std::vector<Down> downs;

  private:
    template <typename Change>
    void record(Change change) {
        std::lock_guard lock(signal.mutex);
        change();
        signal.changed.notify_all();
    }
};

/// Counts heartbeat replies the link took in; sends nothing extra.
class HeartbeatReplies final : public LinkTraffic {
  public:
    void linkRegistered(const Endpoint&) override {}
    void heartbeatReply(const Endpoint&, const Poco::JSON::Object&) override {
        ++count;
        signal.notify();
    }
    std::optional<OutgoingRequest> nextRequest(const Endpoint&, const std::string&) override {
        return std::nullopt;
    }
    void reply(const Endpoint&, const std::string&, const mr::RpcMessage&) override {}
    void linkLost(const Endpoint&) override {}
    std::atomic<int> count{0};
};

/// A rack with one link to 127.0.0.1:`port`, its state under a temp dir.
struct Rack {
    explicit Rack(uint16_t port, std::chrono::milliseconds dead_after = 10s)
        : link(
              {"127.0.0.1", port}, settings(dead_after, replies), identity, registerArgs, events,
              [] { return 0.0; }, clock) {
        link.start();
    }
    ~Rack() {
        link.requestStop();
        link.join();
        std::filesystem::remove_all(dir);
    }
    static LinkSettings settings(std::chrono::milliseconds dead_after, LinkTraffic& traffic) {
        LinkSettings s;
        s.traffic = &traffic;
        s.secret = kSecret;
        s.version = "0.1.0";
        s.heartbeat_interval = 1s;
        s.io_timeout = 2s;
        s.dead_after = dead_after;
        return s;
    }
    static mr::RegisterArgs registerArgs() {
        mr::RegisterArgs args;
        args.hostname = "rack-under-test";
        args.version = "0.1.0";
        return args;
    }
    /// Moves the clock past any reconnect backoff once the link waits on it.
    void advancePastBackoff() {
        BOOST_REQUIRE(clock.awaitSleepers(1));
        clock.advance(kReconnectPolicy.max);
    }

    std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("region-link-" + toHex(randomBytes(6)));
    RackIdentity identity{Paths::fromEnvironment(MapEnvironment({{"MAAS_ROOT", dir.string()}}))};
    test::ManualClock clock;
    Events events;
    HeartbeatReplies replies;
    RegionLink link;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(region_link)

BOOST_AUTO_TEST_CASE(registers_then_heartbeats_as_the_clock_moves) {
    Region region;
    Rack rack(region.server.port());
    BOOST_REQUIRE(rack.events.waitUntil([&] { return rack.events.ups == 1; }));
    BOOST_TEST(!rack.events.system_id.empty());
    BOOST_TEST(rack.identity.systemId() == rack.events.system_id);  // stored for restarts
    // One heartbeat on going live, then one per second of the rack's clock.
    BOOST_REQUIRE(rack.events.waitUntil([&] { return region.directory.heartbeats == 1; }));
    for (int second = 1; second <= 3; ++second) {
        rack.clock.advance(1s);
        BOOST_REQUIRE(
            rack.events.waitUntil([&] { return region.directory.heartbeats == 1 + second; }));
    }
    BOOST_TEST(rack.events.downCount() == 0u);
}

BOOST_AUTO_TEST_CASE(reconnects_when_the_region_restarts_on_its_port) {
    auto region = std::make_unique<Region>();
    const auto port = region->server.port();
    Rack rack(port);
    BOOST_REQUIRE(rack.events.waitUntil([&] { return rack.events.ups == 1; }));
    const auto first_id = rack.events.system_id;

    region.reset();  // the worker exits: the socket closes and the rack notices at once
    BOOST_REQUIRE(rack.events.waitUntil([&] { return !rack.events.downs.empty(); }));
    BOOST_TEST((rack.events.lastDown().failure == LinkFailure::Lost));

    region = std::make_unique<Region>(port);
    rack.advancePastBackoff();
    BOOST_REQUIRE(rack.events.waitUntil([&] { return rack.events.ups == 2; }));
    BOOST_TEST(rack.events.system_id == first_id);  // the same rack, not a new one
}

BOOST_AUTO_TEST_CASE(a_vanished_endpoint_is_retried_on_the_backoff_clock) {
    auto region = std::make_unique<Region>();
    Rack rack(region->server.port());
    BOOST_REQUIRE(rack.events.waitUntil([&] { return rack.events.ups == 1; }));
    region.reset();  // nothing listens there any more
    BOOST_REQUIRE(rack.events.waitUntil([&] { return rack.events.downs.size() == 1; }));
    for (size_t retry = 2; retry <= 4; ++retry) {
        // Each retry waits for its backoff on the clock, then finds the port closed.
        rack.advancePastBackoff();
        BOOST_REQUIRE(rack.events.waitUntil([&] { return rack.events.downs.size() == retry; }));
        BOOST_TEST((rack.events.lastDown().failure == LinkFailure::Unreachable));
    }
    BOOST_TEST(rack.events.ups == 1);
}

BOOST_AUTO_TEST_CASE(the_region_announcing_new_endpoints_starts_a_rediscovery) {
    Region region;
    Rack rack(region.server.port());
    BOOST_REQUIRE(rack.events.waitUntil([&] { return rack.events.ups == 1; }));
    region.server.announceRegionsChanged();
    BOOST_REQUIRE(rack.events.waitUntil([&] { return rack.events.regions_changed == 1; }));
    BOOST_TEST(rack.events.downCount() == 0u);  // the link itself stays up
}

BOOST_AUTO_TEST_CASE(a_half_open_region_is_dropped_after_dead_after_on_the_clock) {
    Region region;
    test::TcpRelay relay(region.server.port());
    Rack rack(relay.port(), 60s);
    BOOST_REQUIRE(rack.events.waitUntil([&] { return rack.replies.count == 1; }));
    relay.freeze();           // the connection stays open; nothing crosses it any more
    rack.clock.advance(61s);  // past the 60 s silence limit, in no real time at all
    BOOST_REQUIRE(rack.events.waitUntil([&] { return !rack.events.downs.empty(); }));
    const auto down = rack.events.lastDown();
    BOOST_TEST((down.failure == LinkFailure::Lost));
    BOOST_TEST(down.detail.find("stopped answering") != std::string::npos, down.detail);
}

BOOST_AUTO_TEST_CASE(stop_rack_ends_the_link_for_good) {
    Region region;
    Rack rack(region.server.port());
    BOOST_REQUIRE(rack.events.waitUntil([&] { return rack.events.ups == 1; }));
    region.server.stopRack(rack.events.system_id, "deleted");
    BOOST_REQUIRE(rack.events.waitUntil([&] { return !rack.events.downs.empty(); }));
    BOOST_TEST((rack.events.lastDown().failure == LinkFailure::Stopped));
    BOOST_TEST(rack.events.stop_reason == "deleted");
    rack.link.join();  // the thread ends by itself: no reconnect follows a stop
}

BOOST_AUTO_TEST_SUITE_END()
