// maas-test-power-report: the rack's own RegionLink and power report queue (PowerReportQueue,
// as maas-rackd runs them) against a real region worker. Each stdin line
//   MACHINE_SYSTEM_ID STATE
// queues one power state change, as a poll would; "again N" sends the Nth report sent so far
// once more, exactly as it went (as a rack does when the answer to it was lost). Prints
// "registered" once the link is up and one line per answer the region gives a report: "answer ok"
// or "answer CODE"; exits when stdin closes and the queue is empty (or after 60 s). The link
// heartbeats once a minute, so it stays up while the test holds PostgreSQL down (a real rack's
// heartbeat would fail and reconnect, and the report would wait for the reconnection instead): the
// report then reaches a worker that cannot store it, which is the case under test. Usage:
// maas-test-power-report HOST PORT HOSTNAME   (MAAS_ROOT: the rack's files)
#include <iostream>
#include <mutex>
#include <thread>

#include "maas/rack/power/report_queue.h"
#include "maas/rack/region_link.h"
#include "maas/rpc/commands.h"
#include "probe_link.h"

namespace {

using namespace std::chrono_literals;
namespace mr = maas::rpc;
using maas::rack::Endpoint;

/// Passes everything to the queue and prints each answer it gets.
class Printing final : public maas::rack::LinkTraffic {
  public:
    explicit Printing(maas::rack::power::PowerReportQueue& queue) : queue_(queue) {}
    void linkRegistered(const Endpoint& e) override { queue_.linkRegistered(e); }
    void heartbeatReply(const Endpoint& e, const Poco::JSON::Object& r) override {
        queue_.heartbeatReply(e, r);
    }
    std::optional<maas::rack::OutgoingRequest> nextRequest(const Endpoint& e,
                                                           const std::string& id) override {
        std::lock_guard lock(mutex_);
        if (replay_) {
            auto again = std::move(replay_);
            replay_.reset();
            return again;
        }
        auto request = queue_.nextRequest(e, id);
        if (request)
            sent_.push_back(*request);
        return request;
    }
    void replay(size_t n) {
        std::lock_guard lock(mutex_);
        if (n >= 1 && n <= sent_.size())
            replay_ = sent_[n - 1];
    }
    void reply(const Endpoint& e, const std::string& command, const mr::RpcMessage& m) override {
        std::cout << "answer " << (m.kind == mr::MessageKind::Reply ? "ok" : m.code) << std::endl;
        queue_.reply(e, command, m);
    }
    void linkLost(const Endpoint& e) override { queue_.linkLost(e); }

  private:
    maas::rack::power::PowerReportQueue& queue_;
    std::mutex mutex_;
    std::vector<maas::rack::OutgoingRequest> sent_;
    std::optional<maas::rack::OutgoingRequest> replay_;
};

class Printer final : public maas::rack::LinkObserver {
  public:
    void linkUp(const Endpoint&, const mr::RegisterResult&) override {
        std::cout << "registered" << std::endl;
    }
    void linkDown(const Endpoint&, maas::rack::LinkFailure, const std::string& why) override {
        std::cout << "link down " << why << std::endl;
    }
    void stopRequested(const Endpoint&, const std::string&) override {}
};

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: maas-test-power-report HOST PORT HOSTNAME < CHANGES\n";
        return 2;
    }
    const auto paths = maas::Paths::fromProcessEnvironment();
    paths.createDirectories();
    maas::Logger logger("rackd", maas::makeTextSink());
    maas::rack::power::PowerReportQueue queue(maas::rack::power::randomQueueId(), logger);
    Printing traffic(queue);
    auto settings = maas::test::probeSettings(paths, "0.1.0", &traffic);
    settings.heartbeat_interval = 60s;
    settings.dead_after = 120s;
    maas::rack::RackIdentity identity(paths);
    const auto args = maas::test::probeRegistration(identity, argv[3], "0.1.0");
    Printer observer;
    maas::rack::RegionLink link(Endpoint{argv[1], static_cast<uint16_t>(std::stoi(argv[2]))},
                                settings, identity, args, observer, [] { return 0.5; });
    link.start();
    for (std::string machine, state; std::cin >> machine >> state;) {
        if (machine == "again")
            traffic.replay(std::stoul(state));
        else
            queue.push({{machine, state, ""}});
    }
    const auto end = std::chrono::steady_clock::now() + 60s;
    while (queue.stats().queued > 0 && std::chrono::steady_clock::now() < end)
        std::this_thread::sleep_for(50ms);  // polls a condition, bounded
    link.requestStop();
    link.join();
    return queue.stats().queued == 0 ? 0 : 1;
}
