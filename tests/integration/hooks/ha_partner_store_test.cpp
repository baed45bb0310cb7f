// The partner's lease changes are stored outside the service's lock: while the store is busy
// with a batch, callouts from Kea's packet threads (query received, serving question, status)
// run on; the batch is acknowledged once stored, and the parked reply released.
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include "ha_service_harness.h"

using namespace maas::hooks;
using namespace maas::hooks::testing;

namespace {

/// An in-memory store whose apply() waits while the gate is closed (a slow lease_cmds).
class GatedStore final : public LeaseStore {
  public:
    std::string apply(const LeaseRecord& lease) override {
        std::unique_lock lock(mutex_);
        ++entered_;
        changed_.notify_all();
        changed_.wait(lock, [&] { return open_; });
        return inner_.apply(lease);
    }
    std::optional<LeaseRecord> get(uint32_t address) override {
        std::lock_guard lock(mutex_);
        return inner_.get(address);
    }
    Page page(bool from_start, uint32_t after, uint32_t limit) override {
        std::lock_guard lock(mutex_);
        return inner_.page(from_start, after, limit);
    }
    void setOpen(bool open) {
        std::lock_guard lock(mutex_);
        open_ = open;
        changed_.notify_all();
    }
    bool waitEntered(int count, std::chrono::milliseconds bound) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, bound, [&] { return entered_ >= count; });
    }
    size_t size() {
        std::lock_guard lock(mutex_);
        return inner_.leases.size();
    }

  private:
    std::mutex mutex_;
    std::condition_variable changed_;
    bool open_ = true;
    int entered_ = 0;
    MemoryStore inner_;
};

}  // namespace

BOOST_AUTO_TEST_CASE(partner_batch_is_stored_outside_the_service_lock) {
    const Bytes secret = maas::Secret::generate().bytes();
    PollWatcher loop;
    Server a(Role::Primary, secret, loop);
    GatedStore storeB;
    HaService b(params(Role::Secondary), secret, storeB, loop, std::make_shared<maas::MemorySink>(),
                maas::steadyClock());
    b.start();
    BOOST_REQUIRE(loop.runUntil(
        [&] { return a.state() == HaState::Normal && b.status().state == HaState::Normal; }));

    storeB.setOpen(false);
    bool released = false;
    bool dropped = false;
    BOOST_TEST(commit(a, lease(0x0A000007), released, dropped));
    // The main loop (another thread here) reads the batch and blocks in the store.
    std::thread mainLoop([&] { loop.runUntil([&] { return released || dropped; }); });
    const bool entered = storeB.waitEntered(1, std::chrono::seconds(5));
    BOOST_TEST(entered);

    // A packet thread's callouts meanwhile: they must not wait for the store.
    auto callouts = std::async(std::launch::async, [&] {
        b.onQueryReceived();
        QueryFacts q;
        q.hw_address = {1, 2, 3, 4, 5, 6};
        b.shouldAnswer(q);
        return b.status().counters.updates_received;
    });
    const bool ran = callouts.wait_for(std::chrono::seconds(3)) == std::future_status::ready;
    BOOST_TEST(ran);
    if (ran) {
        BOOST_TEST(callouts.get() == 0U);  // not acknowledged before it is stored
    }
    BOOST_TEST(!released);
    storeB.setOpen(true);
    mainLoop.join();
    BOOST_TEST(released);
    BOOST_TEST(!dropped);
    BOOST_TEST(storeB.size() == 1U);
    BOOST_TEST(b.status().counters.updates_received == 1U);
    BOOST_TEST(a.service.status().counters.updates_acked == 1U);
}

BOOST_AUTO_TEST_CASE(batches_stored_in_order_and_acknowledged_in_order) {
    NormalPair pair;
    // One address changed five times: the partner ends with the last, every change acked.
    LeaseRecord l = lease(0x0A000009);
    bool released[5] = {};
    bool dropped[5] = {};
    for (uint32_t i = 0; i < 5; ++i) {
        l.valid_lifetime = 100 * (i + 1);
        commit(pair.a, l, released[i], dropped[i]);
        pair.a.service.onQueryReceived();
    }
    BOOST_REQUIRE(
        pair.loop.runUntil([&] { return pair.a.service.status().counters.updates_acked == 5U; }));
    BOOST_TEST(pair.b.store.leases.at(0x0A000009).valid_lifetime == 500U);
    BOOST_TEST(pair.a.service.status().counters.updates_failed == 0U);
    BOOST_REQUIRE(pair.loop.runUntil([&] { return released[4]; }));
    for (uint32_t i = 0; i < 5; ++i) {
        BOOST_TEST(released[i]);
        BOOST_TEST(!dropped[i]);
    }
}
