#include <boost/test/unit_test.hpp>

#include "maas/hooks/sync_cursor.h"

using namespace maas::hooks;

namespace {
SyncPageRange middle(uint32_t after, uint32_t last) {
    return SyncPageRange{after == 0, after, false, last};
}
SyncPageRange lastFrom(uint32_t after) {
    return SyncPageRange{false, after, true, 0};
}
}  // namespace

BOOST_AUTO_TEST_SUITE(sync_cursor)

BOOST_AUTO_TEST_CASE(a_first_pull_starts_from_the_first_page) {
    SyncCursor cursor;
    const auto start = cursor.begin(false, true);
    BOOST_TEST(start.from_start);
    BOOST_TEST(!start.resumed);
    BOOST_TEST(cursor.active());
    BOOST_TEST(!cursor.hasProgress());
}

BOOST_AUTO_TEST_CASE(a_lost_link_resumes_after_the_last_page_merged) {
    SyncCursor cursor;
    cursor.begin(false, false);
    BOOST_TEST((cursor.onPage(7) == SyncCursor::Verdict::Merge));
    cursor.merged(middle(0, 100));
    BOOST_TEST((cursor.onPage(7) == SyncCursor::Verdict::Merge));
    cursor.merged(middle(100, 250));
    // The page asked for next (after 250) was lost with the link: not merged, not skipped.
    const auto start = cursor.begin(false, true);
    BOOST_TEST(!start.from_start);
    BOOST_TEST(start.after == 250U);
    BOOST_TEST(start.resumed);
    BOOST_TEST((cursor.onPage(7) == SyncCursor::Verdict::Merge));
    cursor.merged(middle(250, 400));
    BOOST_TEST(cursor.begin(false, true).after == 400U);  // and again after a second loss
}

BOOST_AUTO_TEST_CASE(another_epoch_on_the_serving_side_starts_over) {
    SyncCursor cursor;
    cursor.begin(false, false);
    cursor.onPage(7);
    cursor.merged(middle(0, 100));
    BOOST_TEST(cursor.begin(false, true).resumed);
    // A restarted server (or one whose backlog dropped changes) answers in another epoch.
    BOOST_TEST((cursor.onPage(8) == SyncCursor::Verdict::StartOver));
    // So does an epoch change in the middle of a pull.
    SyncCursor other;
    other.begin(true, false);
    other.onPage(1);
    BOOST_TEST((other.onPage(2) == SyncCursor::Verdict::StartOver));
}

BOOST_AUTO_TEST_CASE(a_change_of_authority_starts_over) {
    SyncCursor cursor;
    cursor.begin(false, false);
    cursor.onPage(7);
    cursor.merged(middle(0, 100));
    // The partner went to partner-down meanwhile: the merged pages kept local-only leases that
    // an authoritative merge deletes, so they are merged again.
    BOOST_TEST(!cursor.resumable(true));
    const auto start = cursor.begin(true, true);
    BOOST_TEST(start.from_start);
    BOOST_TEST(!start.resumed);
    BOOST_TEST(!cursor.hasProgress());
}

BOOST_AUTO_TEST_CASE(a_resync_request_or_failure_never_resumes) {
    SyncCursor cursor;
    cursor.begin(false, false);
    cursor.onPage(7);
    cursor.merged(middle(0, 100));
    BOOST_TEST(cursor.begin(false, false).from_start);
    BOOST_TEST((cursor.onPage(9) == SyncCursor::Verdict::Merge));  // a new pull, a new epoch
    cursor.merged(middle(0, 50));
    cursor.abandon();
    BOOST_TEST(!cursor.active());
    BOOST_TEST(cursor.begin(false, true).from_start);
}

BOOST_AUTO_TEST_CASE(nothing_to_resume_before_a_page_or_after_the_last) {
    SyncCursor cursor;
    cursor.begin(false, false);
    BOOST_TEST(!cursor.resumable(false));  // no page merged: nothing gained by resuming
    cursor.onPage(7);
    cursor.merged(middle(0, 100));
    cursor.onPage(7);
    cursor.merged(lastFrom(100));
    BOOST_TEST(!cursor.active());
    BOOST_TEST(cursor.begin(false, true).from_start);
}

BOOST_AUTO_TEST_SUITE_END()
