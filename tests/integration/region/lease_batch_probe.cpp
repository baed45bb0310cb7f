// maas-test-lease-batch: the rack's own RegionLink sending LeaseEvents batches exactly as the
// test writes them, one at a time, each after the previous one's answer, so a real region can
// be shown a batch again (as after a lost acknowledgement) or a new spool. Reads one batch per
// stdin line:
//   SPOOL FIRST_SEQ ACTION:IP:MAC[,ACTION:IP:MAC...]      (SPOOL "-": an unsequenced batch)
// and prints one line per batch: "applied N", "ok" (no sequence in the answer) or
// "error CODE". Usage: maas-test-lease-batch HOST PORT HOSTNAME   (MAAS_ROOT: the rack's files)
#include <condition_variable>
#include <deque>
#include <iostream>
#include <mutex>
#include <sstream>

#include "maas/rack/region_link.h"
#include "maas/rpc/dhcp_commands.h"
#include "probe_link.h"

namespace {

using namespace std::chrono_literals;
namespace mr = maas::rpc;
using maas::rack::Endpoint;

mr::LeaseEventsArgs parseBatch(const std::string& line) {
    std::istringstream in(line);
    mr::LeaseEventsArgs batch;
    std::string spool, events;
    in >> spool >> batch.first_seq >> events;
    if (spool != "-")
        batch.spool = spool;
    else
        batch.first_seq = 0;
    std::istringstream list(events);
    for (std::string item; std::getline(list, item, ',');) {
        mr::LeaseEvent e;
        const auto a = item.find(':'), b = item.find(':', a + 1);
        e.action = item.substr(0, a);
        e.ip = item.substr(a + 1, b - a - 1);
        e.mac = item.substr(b + 1);
        e.expires = 4000000000;
        batch.events.push_back(e);
    }
    return batch;
}

/// Sends the batches in order, one in flight, and keeps each answer.
class BatchSender final : public maas::rack::LinkTraffic {
  public:
    explicit BatchSender(std::deque<mr::LeaseEventsArgs> batches) : todo_(std::move(batches)) {}
    void linkRegistered(const Endpoint&) override {}
    void heartbeatReply(const Endpoint&, const Poco::JSON::Object&) override {}
    std::optional<maas::rack::OutgoingRequest> nextRequest(const Endpoint&,
                                                           const std::string& system_id) override {
        std::lock_guard lock(mutex_);
        if (in_flight_ || todo_.empty())
            return std::nullopt;
        auto batch = std::move(todo_.front());
        todo_.pop_front();
        batch.system_id = system_id;
        in_flight_ = true;
        return maas::rack::OutgoingRequest{mr::command::kLeaseEvents, mr::toJson(batch)};
    }
    void reply(const Endpoint&, const std::string&, const mr::RpcMessage& message) override {
        std::lock_guard lock(mutex_);
        in_flight_ = false;
        if (message.kind != mr::MessageKind::Reply)
            answers_.push_back("error " + message.code);
        else if (auto applied = mr::decodeLeaseEventsReply(message.body.get()))
            answers_.push_back("applied " + std::to_string(*applied));
        else
            answers_.push_back("ok");
        changed_.notify_all();
    }
    void linkLost(const Endpoint&) override {
        std::lock_guard lock(mutex_);
        in_flight_ = false;
    }
    /// Waits (bounded) for `n` answers and prints them; false when fewer came.
    bool report(size_t n, std::chrono::seconds bound) {
        std::unique_lock lock(mutex_);
        changed_.wait_for(lock, bound, [&] { return answers_.size() >= n; });
        for (const auto& a : answers_)
            std::cout << a << "\n";
        return answers_.size() >= n;
    }

  private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<mr::LeaseEventsArgs> todo_;
    std::vector<std::string> answers_;
    bool in_flight_ = false;
};

class Quiet final : public maas::rack::LinkObserver {
  public:
    void linkUp(const Endpoint&, const mr::RegisterResult&) override {}
    void linkDown(const Endpoint&, maas::rack::LinkFailure, const std::string&) override {}
    void stopRequested(const Endpoint&, const std::string&) override {}
};

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: maas-test-lease-batch HOST PORT HOSTNAME < BATCHES\n";
        return 2;
    }
    std::deque<mr::LeaseEventsArgs> batches;
    for (std::string line; std::getline(std::cin, line);)
        if (!line.empty())
            batches.push_back(parseBatch(line));
    const auto count = batches.size();
    const auto paths = maas::Paths::fromProcessEnvironment();
    paths.createDirectories();
    BatchSender sender(std::move(batches));
    auto settings = maas::test::probeSettings(paths, "0.1.0", &sender);
    maas::rack::RackIdentity identity(paths);
    const auto args = maas::test::probeRegistration(identity, argv[3], "0.1.0");
    Quiet observer;
    maas::rack::RegionLink link(Endpoint{argv[1], static_cast<uint16_t>(std::stoi(argv[2]))},
                                settings, identity, args, observer, [] { return 0.5; });
    link.start();
    const bool all = sender.report(count, 30s);
    link.requestStop();
    link.join();
    return all ? 0 : 1;
}
