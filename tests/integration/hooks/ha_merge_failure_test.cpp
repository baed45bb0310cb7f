// A pulled lease the local store refuses stops the page's merge at that lease: the leases
// before it in the page are stored, none after it, and the failure names the refused address.
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "ha_messages.h"
#include "ha_service_harness.h"

using namespace maas::hooks;
using namespace maas::hooks::testing;

namespace {

/// An in-memory store that refuses to store one address (a lease_cmds error).
class RefusingStore final : public LeaseStore {
  public:
    explicit RefusingStore(uint32_t refused) : refused_(refused) {}
    std::string apply(const LeaseRecord& lease) override {
        if (lease.address == refused_) {
            return "lease4-update: refused";
        }
        return inner.apply(lease);
    }
    std::optional<LeaseRecord> get(uint32_t address) override { return inner.get(address); }
    Page page(bool from_start, uint32_t after, uint32_t limit) override {
        return inner.page(from_start, after, limit);
    }
    MemoryStore inner;

  private:
    uint32_t refused_;
};

bool failedAt(const maas::MemorySink& sink, const std::string& ip) {
    const auto records = sink.records();
    return std::any_of(records.begin(), records.end(), [&](const maas::LogRecord& r) {
        return r.message == &msg::kSyncFailed &&
               std::find(r.fields.begin(), r.fields.end(), std::make_pair(std::string("ip"), ip)) !=
                   r.fields.end();
    });
}

}  // namespace

BOOST_AUTO_TEST_CASE(refused_pulled_lease_stops_the_merge_at_that_lease) {
    const Bytes secret = maas::Secret::generate().bytes();
    PollWatcher loop;
    std::vector<LeaseRecord> seed;
    for (uint32_t i = 1; i <= 20; ++i) {
        seed.push_back(lease(0x0A000000 + i));
    }
    Server a(Role::Primary, secret, loop, seed);
    RefusingStore storeB(0x0A00000A);
    auto sink = std::make_shared<maas::MemorySink>();
    HaService b(params(Role::Secondary), secret, storeB, loop, sink, maas::steadyClock());
    b.start();
    BOOST_REQUIRE(loop.runUntil([&] { return failedAt(*sink, "10.0.0.10"); }));

    // Pages of at most 7 (sync-page-size): 1-7 merged, then 8 and 9 of the page holding 10.
    for (uint32_t i = 1; i <= 9; ++i) {
        BOOST_TEST(storeB.inner.leases.count(0x0A000000 + i) == 1U, "lease " << i);
    }
    for (uint32_t i = 10; i <= 20; ++i) {
        BOOST_TEST(storeB.inner.leases.count(0x0A000000 + i) == 0U, "lease " << i);
    }
    BOOST_TEST((b.status().state != HaState::Normal));
}
