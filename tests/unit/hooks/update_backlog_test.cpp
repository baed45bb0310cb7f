#include <boost/test/unit_test.hpp>

#include "maas/hooks/update_backlog.h"

using namespace maas::hooks;

namespace {
LeaseRecord lease(uint32_t address, uint32_t lifetime = 600) {
    LeaseRecord l;
    l.address = address;
    l.valid_lifetime = lifetime;
    return l;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(update_backlog)

BOOST_AUTO_TEST_CASE(keeps_order_and_takes_in_batches) {
    UpdateBacklog backlog(10);
    for (uint32_t a = 1; a <= 5; ++a) {
        BOOST_TEST(backlog.push(lease(a)));
    }
    auto first = backlog.take(3);
    BOOST_TEST(first.size() == 3U);
    BOOST_TEST(first[0].address == 1U);
    BOOST_TEST(first[2].address == 3U);
    auto rest = backlog.take(10);
    BOOST_TEST(rest.size() == 2U);
    BOOST_TEST(backlog.empty());
}

BOOST_AUTO_TEST_CASE(same_address_coalesces_newest_wins) {
    UpdateBacklog backlog(10);
    backlog.push(lease(1, 100));
    backlog.push(lease(2));
    backlog.push(lease(1, 300));
    BOOST_TEST(backlog.size() == 2U);
    auto all = backlog.take(10);
    BOOST_TEST(all[0].address == 2U);
    BOOST_TEST(all[1].address == 1U);
    BOOST_TEST(all[1].valid_lifetime == 300U);
}

BOOST_AUTO_TEST_CASE(coalescing_does_not_count_against_the_limit) {
    UpdateBacklog backlog(2);
    backlog.push(lease(1));
    backlog.push(lease(2));
    BOOST_TEST(backlog.push(lease(2, 5)));
    BOOST_TEST(!backlog.overflowed());
}

BOOST_AUTO_TEST_CASE(overflow_forces_resync_and_is_never_silent) {
    UpdateBacklog backlog(2);
    backlog.push(lease(1));
    backlog.push(lease(2));
    BOOST_TEST(!backlog.push(lease(3)));
    BOOST_TEST(backlog.overflowed());
    BOOST_TEST(backlog.empty());  // a full resync replaces the content
    BOOST_TEST(!backlog.push(lease(4)));
    BOOST_TEST(backlog.overflowed());
    backlog.clearOverflow();
    BOOST_TEST(backlog.push(lease(4)));
    BOOST_TEST(backlog.size() == 1U);
}

BOOST_AUTO_TEST_CASE(counts_every_change_it_drops) {
    UpdateBacklog backlog(2);
    backlog.push(lease(1));
    backlog.push(lease(1));  // coalesced, not lost
    BOOST_TEST(backlog.losses() == 0U);
    backlog.push(lease(2));
    BOOST_TEST(!backlog.push(lease(3)));  // overflow: the two kept and this one
    BOOST_TEST(backlog.losses() == 3U);
    BOOST_TEST(!backlog.push(lease(4)));  // refused while overflowed
    BOOST_TEST(backlog.losses() == 4U);
    backlog.clearOverflow();
    BOOST_TEST(backlog.push(lease(5)));
    BOOST_TEST(backlog.losses() == 4U);  // never goes back: a sync epoch is built on it
}

BOOST_AUTO_TEST_SUITE_END()
