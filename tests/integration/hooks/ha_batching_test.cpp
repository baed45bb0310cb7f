// When a service's lease changes leave for the partner (core/src/coalesce.cpp at work in
// HaService): queued queries, a frame in flight, and load hold small batches back; every change
// still reaches the partner and every parked reply is released.
#include <algorithm>
#include <utility>
#include <vector>

#include "ha_service_harness.h"
#include "maas/hooks/coalesce.h"

using namespace maas::hooks;
using namespace maas::hooks::testing;

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
    BOOST_TEST(a.service.status().counters.updates_sent == 0U);
    a.service.onQueryReceived();  // the next query, with more behind it
    BOOST_TEST(a.service.status().counters.updates_sent == 0U);

    // The last queued query: the three go out in one frame and all replies follow its Ack.
    loop.queries_waiting = false;
    a.service.onQueryReceived();
    BOOST_TEST(a.service.status().counters.updates_sent == 3U);
    BOOST_REQUIRE(loop.runUntil([&] { return released[0] && released[1] && released[2]; }));
    BOOST_TEST(!dropped);
    BOOST_TEST(b.store.leases.size() == 3U);

    // A full batch leaves even while queries keep coming.
    loop.queries_waiting = true;
    const size_t full = CoalesceLimits{}.max_leases;
    std::vector<std::pair<bool, bool>> replies(full);  // released, dropped; never reallocated
    for (size_t i = 0; i < full; ++i) {
        commit(a, lease(0x0A000200 + static_cast<uint32_t>(i)), replies[i].first,
               replies[i].second);
    }
    BOOST_TEST(a.service.status().counters.updates_sent == 3U + full);
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
    BOOST_TEST(a.service.status().counters.updates_sent == 1U);
    // Its frame is not acknowledged yet (no loop turn runs here): the next ones gather.
    for (uint32_t i = 1; i < 4; ++i) {
        BOOST_TEST(commit(a, lease(0x0A000300 + i), released[i], dropped));
    }
    BOOST_TEST(a.service.status().counters.updates_sent == 1U);
    // The Ack sends them together (four changes are no load: no hold time after it); every
    // reply follows its own Ack.
    BOOST_REQUIRE(loop.runUntil([&] { return released[0]; }));
    BOOST_REQUIRE(loop.runUntil([&] { return a.service.status().counters.updates_sent == 4U; }));
    BOOST_REQUIRE(loop.runUntil([&] { return released[1] && released[2] && released[3]; }));
    BOOST_TEST(!dropped);
    BOOST_TEST(b.store.leases.size() == 4U);
}

BOOST_AUTO_TEST_CASE(under_load_changes_wait_past_the_ack_for_the_hold_time) {
    // A hold of 100 ms: long enough that the checks below need no timing luck.
    NormalPair pair(100);
    PollWatcher& loop = pair.loop;
    Server& a = pair.a;
    Server& b = pair.b;
    // One burst, far faster than one change per millisecond: the server counts as loaded. The
    // first change leaves at once; the rest (fewer than a full batch) wait for its Ack.
    constexpr size_t kBurst = 60;
    static_assert(kBurst - 1 < CoalesceLimits{}.max_leases);
    std::vector<std::pair<bool, bool>> replies(kBurst);  // released, dropped
    for (size_t n = 0; n < kBurst; ++n) {
        commit(a, lease(0x0A000400 + static_cast<uint32_t>(n)), replies[n].first,
               replies[n].second);
    }
    BOOST_TEST(a.service.status().counters.updates_sent == 1U);
    // The Ack arrived, but a frame left moments ago and the server is loaded: the rest wait.
    BOOST_REQUIRE(loop.runUntil([&] { return replies[0].first; }));
    BOOST_TEST(a.service.status().counters.updates_sent == 1U);
    // The flush timer (or at worst the tick) sends them together; every reply follows the Ack.
    BOOST_REQUIRE(loop.runUntil([&] {
        return std::all_of(replies.begin(), replies.end(), [](auto& r) { return r.first; });
    }));
    BOOST_TEST(a.service.status().counters.updates_sent == kBurst);
    BOOST_TEST(std::none_of(replies.begin(), replies.end(), [](auto& r) { return r.second; }));
    BOOST_TEST(b.store.leases.size() == kBurst);
}
