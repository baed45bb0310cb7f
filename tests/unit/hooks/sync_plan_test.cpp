#include <boost/test/unit_test.hpp>

#include "maas/hooks/sync_plan.h"

using namespace maas::hooks;

namespace {
LeaseRecord lease(uint32_t address, uint8_t client, uint32_t lifetime = 600) {
    LeaseRecord l;
    l.address = address;
    l.hw_address = {0x52, 0x54, client};
    l.cltt = 1000;
    l.valid_lifetime = lifetime;
    return l;
}
std::vector<uint32_t> addresses(const std::vector<LeaseRecord>& leases) {
    std::vector<uint32_t> out;
    for (const LeaseRecord& l : leases) {
        out.push_back(l.address);
    }
    return out;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(sync_plan)

BOOST_AUTO_TEST_CASE(range_of_first_middle_and_last_pages) {
    const std::vector<LeaseRecord> page{lease(10, 1), lease(20, 2)};
    auto first = syncPageRange(true, 0, page, false);
    BOOST_TEST(first.contains(0U));
    BOOST_TEST(first.contains(20U));
    BOOST_TEST(!first.contains(21U));
    auto middle = syncPageRange(false, 5, page, false);
    BOOST_TEST(!middle.contains(5U));
    BOOST_TEST(middle.contains(6U));
    BOOST_TEST(!middle.contains(21U));
    auto last = syncPageRange(false, 5, page, true);
    BOOST_TEST(last.contains(0xffffffffU));
    auto empty = syncPageRange(true, 0, {}, false);
    BOOST_TEST(empty.contains(0U));
    BOOST_TEST(empty.contains(0xffffffffU));
}

BOOST_AUTO_TEST_CASE(authoritative_partner_wins_and_local_only_leases_go) {
    const std::vector<LeaseRecord> partner{lease(1, 1), lease(2, 2, 300), lease(4, 4)};
    const std::vector<LeaseRecord> local{lease(3, 3), lease(2, 2, 900), lease(1, 1)};
    auto plan = planSyncPage(partner, local, true);
    BOOST_TEST(plan.store.size() == 2U);  // 1 is identical, skipped
    BOOST_TEST(plan.store[0].address == 2U);
    BOOST_TEST(plan.store[0].valid_lifetime == 300U);  // shorter, still the partner's copy
    BOOST_TEST(plan.store[1].address == 4U);
    BOOST_TEST(addresses(plan.remove) == std::vector<uint32_t>{3});
}

BOOST_AUTO_TEST_CASE(empty_authoritative_page_removes_everything_local) {
    auto plan = planSyncPage({}, {lease(7, 1), lease(8, 2)}, true);
    BOOST_TEST(plan.store.empty());
    BOOST_TEST(addresses(plan.remove) == (std::vector<uint32_t>{7, 8}));
}

BOOST_AUTO_TEST_CASE(non_authoritative_keeps_local_leases_and_longer_renewals) {
    const std::vector<LeaseRecord> partner{lease(2, 2, 300), lease(5, 5, 300)};
    const std::vector<LeaseRecord> local{lease(2, 2, 900), lease(3, 3), lease(5, 9, 900)};
    auto plan = planSyncPage(partner, local, false);
    BOOST_TEST(plan.remove.empty());
    BOOST_TEST(plan.store.size() == 1U);  // 5 belongs to another client: partner's copy
    BOOST_TEST(plan.store[0].address == 5U);
    BOOST_TEST(plan.store[0].hw_address[2] == 5U);
}

BOOST_AUTO_TEST_SUITE_END()
