#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <fstream>

#include "maas/common/atomic_file.h"
#include "maas/rack/lease_spool.h"
#include "maas/rack/lease_spool_format.h"
#include "spool_dir.h"

using namespace maas::rack;
namespace mr = maas::rpc;

namespace {

mr::LeaseEvent lease(int n, const std::string& action = "commit") {
    return {action, "192.0.2." + std::to_string(n), "52:54:00:00:00:01",
            n % 2 ? "node" + std::to_string(n) : "", 1764000000 + n};
}

std::string spoolOf(int events, uint64_t done = 0) {
    std::string text = encodeSpoolHeader("0123abcd");
    for (int i = 1; i <= events; ++i)
        text += encodeSpoolEvent(static_cast<uint64_t>(i), lease(i));
    if (done > 0)
        text += encodeSpoolDone(done);
    return text;
}

std::string fileText(const std::filesystem::path& p) {
    return maas::readFileIfExists(p).value_or("");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(lease_spool_format)

BOOST_AUTO_TEST_CASE(round_trip_keeps_order_fields_and_acknowledgements) {
    const auto contents = readSpool(spoolOf(5, 2), 100);
    BOOST_TEST(contents.problem == "");
    BOOST_TEST(contents.spool_id == "0123abcd");
    BOOST_TEST(contents.done_through == 2u);
    BOOST_TEST(contents.last_seq == 5u);
    BOOST_REQUIRE(contents.pending.size() == 3u);
    BOOST_TEST(contents.pending[0].seq == 3u);
    BOOST_TEST(contents.pending[0].event.hostname == "node3");
    BOOST_TEST(contents.pending[1].event.hostname == "");  // written as "-"
    BOOST_TEST(contents.pending[2].event.expires == 1764000005);
    BOOST_TEST(contents.valid_bytes == spoolOf(5, 2).size());
}

BOOST_AUTO_TEST_CASE(a_torn_last_record_is_dropped_and_the_rest_kept) {
    const auto whole = spoolOf(3);
    for (size_t cut = 1; cut < encodeSpoolEvent(3, lease(3)).size(); ++cut) {
        const auto contents = readSpool(whole.substr(0, whole.size() - cut), 100);
        BOOST_TEST(contents.pending.size() == 2u);
        BOOST_TEST(contents.problem != "");
        BOOST_TEST(contents.valid_bytes == spoolOf(2).size());
    }
}

BOOST_AUTO_TEST_CASE(a_damaged_record_ends_the_read_there) {
    auto text = spoolOf(3);
    const auto at = spoolOf(1).size() + 10;
    text[at] = text[at] == 'x' ? 'y' : 'x';
    const auto contents = readSpool(text, 100);
    BOOST_TEST(contents.pending.size() == 1u);
    BOOST_TEST(contents.problem == "record fails its check");
}

BOOST_AUTO_TEST_CASE(sequence_numbers_must_grow) {
    auto text = spoolOf(2) + encodeSpoolEvent(2, lease(9));
    const auto contents = readSpool(text, 100);
    BOOST_TEST(contents.pending.size() == 2u);
    BOOST_TEST(contents.problem == "sequence number out of order");
}

BOOST_AUTO_TEST_CASE(a_compacted_spool_keeps_its_sequence_going) {
    // What compaction writes: header, the acknowledgement, then only the pending events.
    const auto text =
        encodeSpoolHeader("ab") + encodeSpoolDone(40) + encodeSpoolEvent(41, lease(1));
    const auto contents = readSpool(text, 100);
    BOOST_TEST(contents.problem == "");
    BOOST_TEST(contents.last_seq == 41u);
    BOOST_REQUIRE(contents.pending.size() == 1u);
    BOOST_TEST(contents.pending[0].seq == 41u);
}

BOOST_AUTO_TEST_CASE(the_bound_gives_up_the_oldest_when_reading) {
    const auto contents = readSpool(spoolOf(10), 4);
    BOOST_TEST(contents.pending.size() == 4u);
    BOOST_TEST(contents.pending.front().seq == 7u);
    BOOST_TEST(contents.dropped_for_bound == 6u);
    BOOST_TEST(contents.done_through == 6u);
}

BOOST_AUTO_TEST_CASE(headers_and_fields_are_checked) {
    BOOST_TEST(readSpool("", 10).spool_id == "");
    BOOST_TEST(readSpool("", 10).problem == "");
    BOOST_TEST(readSpool("maas-lease-spool 2 ab\n", 10).problem != "");
    BOOST_TEST(readSpool("maas-lease-spool 1 AB\n", 10).spool_id == "");
    BOOST_CHECK_THROW(encodeSpoolEvent(1, {"commit", "192.0.2.1", "a b", "", 1}),
                      std::invalid_argument);
    BOOST_CHECK_THROW(encodeSpoolEvent(1, {"commit", "", "m", "", 1}), std::invalid_argument);
    BOOST_CHECK_THROW(encodeSpoolHeader("xyz"), std::invalid_argument);
    BOOST_TEST(readSpool(encodeSpoolHeader("ab") + std::string(5000, 'e'), 10).problem ==
               "record longer than 1024 bytes");
}

BOOST_AUTO_TEST_CASE(mark_done_never_passes_the_last_sequence) {
    auto contents = readSpool(spoolOf(3), 100);
    BOOST_TEST(!markDone(contents, 4));
    BOOST_TEST(contents.pending.size() == 3u);
    BOOST_TEST(markDone(contents, 2));
    BOOST_TEST(contents.pending.size() == 1u);
    BOOST_TEST(markDone(contents, 1));  // an older acknowledgement changes nothing
    BOOST_TEST(contents.done_through == 2u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(lease_spool)

BOOST_AUTO_TEST_CASE(events_survive_a_restart_until_acknowledged) {
    test::SpoolDir dir;
    std::string id;
    {
        auto spool = dir.open();
        spool->append({lease(1), lease(2), lease(3, "release")});
        const auto batch = spool->peek(2);
        id = batch.spool_id;
        BOOST_TEST(batch.first_seq == 1u);
        BOOST_TEST(batch.events.size() == 2u);
        spool->acknowledge(2);
        spool->maintain();
    }
    struct stat st {};
    BOOST_REQUIRE(::stat(dir.file().c_str(), &st) == 0);
    BOOST_TEST((st.st_mode & 0777) == 0640u);
    auto again = dir.open();
    const auto batch = again->peek(10);
    BOOST_TEST(batch.spool_id == id);
    BOOST_TEST(batch.first_seq == 3u);
    BOOST_REQUIRE(batch.events.size() == 1u);
    BOOST_TEST(batch.events[0].action == "release");
    again->append({lease(4)});
    BOOST_TEST(again->peek(10).events.size() == 2u);
    BOOST_TEST(again->stats().last_seq == 4u);
}

BOOST_AUTO_TEST_CASE(an_acknowledgement_survives_a_kill_right_after_it) {
    test::SpoolDir dir;
    const pid_t child = ::fork();
    BOOST_REQUIRE(child >= 0);
    if (child == 0) {  // rackd: spools, the region acknowledges, then kill -9 at once
        auto spool = dir.open();
        spool->append({lease(1), lease(2), lease(3)});
        spool->acknowledge(2);
        ::raise(SIGKILL);
        ::_exit(1);  // not reached
    }
    int status = 0;
    BOOST_REQUIRE(::waitpid(child, &status, 0) == child);
    BOOST_REQUIRE(WIFSIGNALED(status));
    BOOST_TEST(WTERMSIG(status) == SIGKILL);
    auto restarted = dir.open();
    const auto batch = restarted->peek(10);
    BOOST_TEST(batch.first_seq == 3u);  // 1 and 2 are never sent again
    BOOST_TEST(batch.events.size() == 1u);
    BOOST_TEST(restarted->stats().done_through == 2u);
}

BOOST_AUTO_TEST_CASE(a_spool_of_another_maas_is_moved_aside) {
    test::SpoolDir dir;
    auto spool = dir.open();
    spool->append({lease(1), lease(2)});
    const auto id = spool->peek(10).spool_id;
    BOOST_TEST(!spool->belongTo("11111111-aaaa"));  // first registration: claimed
    BOOST_TEST(fileText(dir.path / "lease-events.spool.owner") == "11111111-aaaa\n");
    BOOST_TEST(!spool->belongTo("11111111-aaaa"));  // the same MAAS again: kept
    BOOST_TEST(spool->peek(10).events.size() == 2u);
    spool.reset();
    spool = dir.open();  // a restart keeps the owner
    BOOST_TEST(!spool->belongTo("11111111-aaaa"));
    BOOST_TEST(spool->peek(10).events.size() == 2u);

    BOOST_TEST(spool->belongTo("22222222-bbbb"));  // registered with another MAAS
    BOOST_TEST(dir.sink->contains("RACK_LEASE_SPOOL_MOVED"));
    BOOST_TEST(spool->peek(10).events.empty());
    BOOST_TEST(spool->peek(10).spool_id != id);
    BOOST_TEST(fileText(dir.path / "lease-events.spool.owner") == "22222222-bbbb\n");
    const auto aside = readSpool(fileText(dir.path / "lease-events.spool.11111111-aaaa"), 100);
    BOOST_TEST(aside.spool_id == id);
    BOOST_TEST(aside.pending.size() == 2u);  // kept for an operator, never sent
    spool->append({lease(3)});
    spool.reset();
    const auto batch = dir.open()->peek(10);
    BOOST_TEST(batch.first_seq == 1u);
    BOOST_REQUIRE(batch.events.size() == 1u);
    BOOST_TEST(batch.events[0].ip == "192.0.2.3");
}

BOOST_AUTO_TEST_CASE(an_unacknowledged_batch_is_offered_again) {
    test::SpoolDir dir;
    auto spool = dir.open();
    spool->append({lease(1), lease(2)});
    BOOST_TEST(spool->peek(10).first_seq == 1u);
    BOOST_TEST(spool->peek(10).first_seq == 1u);  // peeking takes nothing
    spool->acknowledge(1);
    BOOST_TEST(spool->peek(10).first_seq == 2u);
}

BOOST_AUTO_TEST_CASE(a_torn_tail_on_disk_is_dropped_with_a_log_line) {
    test::SpoolDir dir;
    {
        auto spool = dir.open();
        spool->append({lease(1), lease(2)});
    }
    {
        std::ofstream out(dir.file(), std::ios::app);
        out << "e 3 commit 192.0.2";  // a crash mid-write
    }
    auto spool = dir.open();
    BOOST_TEST(dir.sink->contains("RACK_LEASE_SPOOL_TORN"));
    BOOST_TEST(spool->stats().torn_total == 1u);
    spool->append({lease(3)});
    spool.reset();
    auto reread = dir.open();  // the appended event follows the intact prefix
    const auto batch = reread->peek(10);
    BOOST_REQUIRE(batch.events.size() == 3u);
    BOOST_TEST(batch.events[2].ip == "192.0.2.3");
}

BOOST_AUTO_TEST_CASE(an_unreadable_file_is_moved_aside) {
    test::SpoolDir dir;
    {
        std::ofstream out(dir.file());
        out << "garbage\n";
    }
    auto spool = dir.open();
    BOOST_TEST(std::filesystem::exists(dir.file().string() + ".unreadable"));
    spool->append({lease(1)});
    BOOST_TEST(spool->peek(10).first_seq == 1u);
}

BOOST_AUTO_TEST_CASE(the_bound_gives_up_the_oldest_logs_and_counts) {
    test::SpoolDir dir;
    auto spool = dir.open(3);
    spool->append({lease(1), lease(2), lease(3), lease(4), lease(5)});
    BOOST_TEST(dir.sink->contains("RACK_LEASE_SPOOL_FULL"));
    BOOST_TEST(spool->stats().dropped_total == 2u);
    BOOST_TEST(spool->peek(10).first_seq == 3u);
    spool->maintain();
    BOOST_TEST(fileText(dir.path / "lease-spool.json").find("\"dropped_total\":2") !=
               std::string::npos);
    spool.reset();
    BOOST_TEST(dir.open(3)->peek(10).first_seq == 3u);  // given up on disk too
}

BOOST_AUTO_TEST_CASE(compaction_keeps_pending_events_and_the_sequence) {
    test::SpoolDir dir;
    auto spool = dir.open();
    std::vector<mr::LeaseEvent> many;
    for (int i = 0; i < 1000; ++i)
        many.push_back(lease(i % 250));
    spool->append(many);
    spool->acknowledge(1000);
    spool->maintain();  // nothing pending, file over 64 KiB: back to a header and the mark
    BOOST_TEST(std::filesystem::file_size(dir.file()) < 200u);
    spool->append({lease(7)});
    spool.reset();
    const auto batch = dir.open()->peek(10);
    BOOST_TEST(batch.first_seq == 1001u);
    BOOST_TEST(batch.events.size() == 1u);
}

BOOST_AUTO_TEST_CASE(peek_stops_at_a_gap) {
    test::SpoolDir dir;
    {
        std::ofstream out(dir.file());
        out << encodeSpoolHeader("ab") << encodeSpoolEvent(1, lease(1))
            << encodeSpoolEvent(5, lease(5));
    }
    auto spool = dir.open();
    auto batch = spool->peek(10);
    BOOST_TEST(batch.events.size() == 1u);
    spool->acknowledge(batch.first_seq);
    batch = spool->peek(10);
    BOOST_TEST(batch.first_seq == 5u);
}

BOOST_AUTO_TEST_SUITE_END()
