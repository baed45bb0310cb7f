// rackd's side of the hook's lease events: the spool drops a line a hook instance sends again
// (its marks survive a restart, a compaction and a kill -9), and the socket acknowledges only
// what the spool made durable, to the instance that sent it, without waiting on a hook that
// never reads; garbage, huge and unsequenced datagrams are refused or left unanswered.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <chrono>

#include "maas/common/lease_event_wire.h"
#include "maas/rack/lease_events.h"
#include "spool_dir.h"

using namespace maas::rack;
namespace mr = maas::rpc;

namespace {

HookLeaseEvent line(const std::string& hook, uint64_t seq) {
    return {hook,
            seq,
            {"commit", "192.0.2." + std::to_string(seq % 250 + 1), "52:54:00:00:00:01", "",
             1764000000}};
}

/// A hook's autobound socket connected to rackd's path.
maas::UniqueFd hookSocket(const std::filesystem::path& rackd) {
    maas::UniqueFd fd(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    sockaddr_un own{};
    own.sun_family = AF_UNIX;
    BOOST_REQUIRE(::bind(fd.get(), reinterpret_cast<sockaddr*>(&own), sizeof(sa_family_t)) == 0);
    sockaddr_un to{};
    to.sun_family = AF_UNIX;
    rackd.string().copy(to.sun_path, sizeof to.sun_path - 1);
    BOOST_REQUIRE(::connect(fd.get(), reinterpret_cast<sockaddr*>(&to), sizeof to) == 0);
    return fd;
}

void sendText(const maas::UniqueFd& fd, const std::string& text) {
    BOOST_REQUIRE(::send(fd.get(), text.data(), text.size(), 0) ==
                  static_cast<ssize_t>(text.size()));
}

std::string hookLine(const std::string& hook, uint64_t seq) {
    maas::LeaseEventLine l{"commit",
                           "192.0.2." + std::to_string(seq % 250 + 1),
                           "52:54:00:00:00:01",
                           "",
                           "",
                           1764000000,
                           "local",
                           hook,
                           seq};
    return maas::encodeLeaseEventLine(l) + "\n";
}

/// The next acknowledgement on `fd`, waiting at most 30 s (each burst of the hook's lines costs
/// rackd an fsync, slow on a busy disk).
std::optional<maas::LeaseEventAck> nextAck(const maas::UniqueFd& fd) {
    pollfd p{fd.get(), POLLIN, 0};
    if (::poll(&p, 1, 30000) != 1)
        return std::nullopt;
    char buffer[256];
    const ssize_t n = ::recv(fd.get(), buffer, sizeof buffer, 0);
    return n > 0 ? maas::parseLeaseEventAck(std::string_view(buffer, static_cast<size_t>(n)))
                 : std::nullopt;
}

/// rackd's socket spooling into a fresh spool, as rackd_main wires them.
struct RackdSide {
    test::SpoolDir dir;
    std::unique_ptr<LeaseSpool> spool = dir.open();
    std::filesystem::path path = dir.path / "events.sock";
    LeaseEventSocket socket{
        path, [this](std::vector<HookLeaseEvent> batch) { return spool->appendFromHook(batch); }};
    RackdSide() { socket.start(); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(lease_event_socket)

BOOST_AUTO_TEST_CASE(the_spool_drops_a_line_sent_again_across_restart_and_compaction) {
    test::SpoolDir dir;
    {
        auto spool = dir.open();
        const auto marks = spool->appendFromHook({line("aa", 1), line("aa", 2), line("bb", 1)});
        BOOST_TEST((marks == HookMarks{{"aa", 2}, {"bb", 1}}));
        // Sent again after a lost acknowledgement: 2 is spooled already, 3 is new.
        BOOST_TEST((spool->appendFromHook({line("aa", 2), line("aa", 3)}) == HookMarks{{"aa", 3}}));
        BOOST_TEST(spool->duplicates() == 1U);
        BOOST_TEST(spool->stats().last_seq == 4U);
    }
    auto restarted = dir.open();
    BOOST_TEST((restarted->appendFromHook({line("aa", 3)}) == HookMarks{{"aa", 3}}));
    BOOST_TEST(restarted->stats().last_seq == 4U);  // nothing spooled twice
    restarted->acknowledge(4);
    restarted->maintain();  // nothing pending: small files are not rewritten
    // A compacted file still knows the marks.
    std::string text = encodeSpoolHeader("0123abcd");
    text += encodeSpoolEvent(1, line("cc", 1).event) + encodeSpoolHookMark(7, "cc");
    const auto read = readSpool(text, 10);
    BOOST_TEST(read.problem == "");
    BOOST_TEST(read.hook_marks.at("cc") == 7U);
    BOOST_TEST(encodeSpoolHookMarks(read) == encodeSpoolHookMark(7, "cc"));
    BOOST_CHECK_THROW(encodeSpoolHookMark(1, "XY"), std::invalid_argument);
    BOOST_TEST(readSpool(text + "h 3 XY 00000000\n", 10).problem != "");
}

BOOST_AUTO_TEST_CASE(marks_are_bounded_to_the_most_recent_instances) {
    HookMarks marks;
    std::map<std::string, uint64_t> seen;
    for (uint64_t i = 0; i < kMaxHookMarks + 3; ++i)
        noteHookMark(marks, seen, i + 1, "a" + std::to_string(i), 1);
    BOOST_TEST(marks.size() == kMaxHookMarks);
    BOOST_TEST(marks.count("a0") == 0U);  // the instance seen longest ago went first
    BOOST_TEST(marks.count("a" + std::to_string(kMaxHookMarks + 2)) == 1U);
}

BOOST_AUTO_TEST_CASE(a_mark_survives_a_kill_right_after_the_append) {
    test::SpoolDir dir;
    const pid_t child = ::fork();
    BOOST_REQUIRE(child >= 0);
    if (child == 0) {  // rackd spools the hook's lines, then kill -9 before it acknowledges
        dir.open()->appendFromHook({line("aa", 1), line("aa", 2)});
        ::raise(SIGKILL);
        ::_exit(1);
    }
    int status = 0;
    BOOST_REQUIRE(::waitpid(child, &status, 0) == child);
    auto restarted = dir.open();
    BOOST_TEST((restarted->appendFromHook({line("aa", 1), line("aa", 2)}) == HookMarks{{"aa", 2}}));
    BOOST_TEST(restarted->stats().pending == 2U);  // the resent lines are not spooled again
}

BOOST_AUTO_TEST_CASE(without_a_spool_file_nothing_is_acknowledged) {
    test::SpoolDir dir;
    LeaseSpool spool(dir.file(), dir.logger);  // never opened: memory only
    BOOST_TEST(spool.appendFromHook({line("aa", 1)}).empty());
}

BOOST_AUTO_TEST_CASE(the_socket_acknowledges_spooled_lines_to_their_sender) {
    RackdSide rackd;
    auto& spool = rackd.spool;
    auto& socket = rackd.socket;
    const auto path = rackd.path;
    auto hook = hookSocket(path);
    sendText(hook, hookLine("aa", 1));
    auto ack = nextAck(hook);
    BOOST_REQUIRE(ack);
    BOOST_TEST((*ack == maas::LeaseEventAck{"aa", 1}));
    sendText(hook, hookLine("aa", 1));  // sent again: acknowledged again, spooled once
    ack = nextAck(hook);
    BOOST_REQUIRE(ack);
    BOOST_TEST(ack->seq == 1U);
    BOOST_TEST(spool->stats().last_seq == 1U);
    socket.stop();
}

BOOST_AUTO_TEST_CASE(a_packed_datagram_is_spooled_line_by_line_up_to_the_bound) {
    RackdSide rackd;
    auto hook = hookSocket(rackd.path);
    // As the hook packs lines that waited together: whole lines, up to the datagram bound.
    std::string packed;
    uint64_t seq = 0;
    while (packed.size() + hookLine("aa", seq + 1).size() <= maas::kMaxLeaseEventDatagram)
        packed += hookLine("aa", ++seq);
    BOOST_REQUIRE(seq > 10U);
    sendText(hook, packed);
    auto ack = nextAck(hook);
    BOOST_REQUIRE(ack);
    BOOST_TEST((*ack == maas::LeaseEventAck{"aa", seq}));  // one acknowledgement covers them all
    BOOST_TEST(rackd.spool->stats().last_seq == seq);
    // A bad line among good ones is refused alone; one byte past the bound refuses the whole
    // datagram (the read cut it short), and nothing of it is spooled.
    sendText(hook, hookLine("aa", seq + 1) + "lease action=steal ip=192.0.2.1\n" +
                       hookLine("aa", seq + 2));
    ack = nextAck(hook);
    BOOST_REQUIRE(ack);
    BOOST_TEST(ack->seq == seq + 2);
    std::string over = hookLine("aa", seq + 3);
    over += std::string(maas::kMaxLeaseEventDatagram + 1 - over.size() - 1, 'x') + "\n";
    sendText(hook, over);
    sendText(hook, hookLine("aa", seq + 4));
    ack = nextAck(hook);
    BOOST_REQUIRE(ack);
    BOOST_TEST(ack->seq == seq + 4);
    BOOST_TEST(rackd.socket.malformed() == 2U);
    BOOST_TEST(rackd.spool->stats().last_seq == seq + 3);  // seq+3 only came in the refused one
    rackd.socket.stop();
}

BOOST_AUTO_TEST_CASE(hostile_datagrams_and_a_hook_that_never_reads) {
    RackdSide rackd;
    auto& spool = rackd.spool;
    auto& socket = rackd.socket;
    const auto path = rackd.path;
    // Reads no acknowledgement: its queue (net.unix.max_dgram_qlen, 10 by default) fills up
    // ten times over. More lines would only queue more spool fsyncs ahead of the good hook's.
    auto deaf = hookSocket(path);
    ::fcntl(deaf.get(), F_SETFL, O_NONBLOCK);
    size_t sent = 0;
    for (uint64_t seq = 1; seq <= 100; ++seq) {
        const auto text = hookLine("dd", seq);
        if (::send(deaf.get(), text.data(), text.size(), 0) > 0)
            ++sent;
        else
            ::poll(nullptr, 0, 1);  // rackd's queue is full: it reads, try the next
    }
    const auto garbage = hookSocket(path);
    sendText(garbage, std::string(64 * 1024, 'x'));  // huge: no line at all
    sendText(garbage, "lease action=commit ip=999.1.1.1 mac=aa expires=1 hook=ee seq=1\n");
    sendText(garbage, std::string("\0\x01\xff\n", 4));
    // A well-behaved hook is still served while the deaf one's acknowledgements are dropped.
    auto hook = hookSocket(path);
    sendText(hook, hookLine("aa", 1));
    const auto ack = nextAck(hook);
    BOOST_REQUIRE(ack);
    BOOST_TEST(ack->hook == "aa");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (socket.malformed() < 3 && std::chrono::steady_clock::now() < deadline)
        ::poll(nullptr, 0, 10);
    BOOST_TEST(socket.malformed() == 3U);
    BOOST_TEST(spool->stats().last_seq == sent + 1);  // every deaf line spooled once, plus aa's
    // An unbound sender (no address to answer) is spooled but cannot be acknowledged.
    maas::UniqueFd unbound(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    sockaddr_un to{};
    to.sun_family = AF_UNIX;
    path.string().copy(to.sun_path, sizeof to.sun_path - 1);
    const auto text = hookLine("ff", 1);
    BOOST_REQUIRE(::sendto(unbound.get(), text.data(), text.size(), 0,
                           reinterpret_cast<sockaddr*>(&to), sizeof to) > 0);
    socket.stop();
}

BOOST_AUTO_TEST_SUITE_END()
