// PeerStream, the peer link's framing over TLS, between two ends of a socketpair in this
// process: frames cross whole and in order however the socket splits them, half a frame waits
// for its rest, a partner that closes mid-frame or stops reading ends the stream. Nothing here
// sleeps: every step is driven by hand until a condition holds, within a bound.
#include <boost/test/unit_test.hpp>

#include <sys/socket.h>

#include <memory>

#include "maas/common/secret.h"
#include "peer_stream.h"

using namespace maas::hooks;

namespace {

/// Both ends of one connection: `primary` is the TLS client, `secondary` the server.
struct StreamPair {
    explicit StreamPair(size_t maxOutput = kMaxPeerOutput, int socketBuffer = 0) {
        int fds[2];
        BOOST_REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) ==
                      0);
        for (int fd : fds) {
            if (socketBuffer > 0) {
                ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &socketBuffer, sizeof socketBuffer);
                ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &socketBuffer, sizeof socketBuffer);
            }
        }
        primary = std::make_unique<PeerStream>(
            maas::UniqueFd(fds[0]), maas::tls::peerContext(maas::tls::Role::Client, secret),
            maxOutput);
        secondary = std::make_unique<PeerStream>(
            maas::UniqueFd(fds[1]), maas::tls::peerContext(maas::tls::Role::Server, secret),
            maxOutput);
        for (int step = 0; step < 100 && !(primary->established() && secondary->established());
             ++step) {
            primary->secure();
            secondary->secure();
        }
        BOOST_REQUIRE(primary->established() && secondary->established());
    }
    Bytes secret = maas::Secret::generate().bytes();
    std::unique_ptr<PeerStream> primary;
    std::unique_ptr<PeerStream> secondary;
};

/// A reading PeerStream (TLS server) and a partner that writes TLS by hand, byte ranges of
/// its own choosing.
struct RawPartner {
    RawPartner() {
        int fds[2];
        BOOST_REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) ==
                      0);
        fd = maas::UniqueFd(fds[0]);
        tls = std::make_unique<maas::tls::PskStream>(
            maas::tls::peerContext(maas::tls::Role::Client, secret), fd.get());
        reader = std::make_unique<PeerStream>(
            maas::UniqueFd(fds[1]), maas::tls::peerContext(maas::tls::Role::Server, secret));
        for (int step = 0; step < 100 && !(tls->established() && reader->established()); ++step) {
            tls->handshake();
            reader->secure();
        }
        BOOST_REQUIRE(tls->established() && reader->established());
    }
    void write(const uint8_t* data, size_t size) {
        size_t done = 0;
        for (int step = 0; step < 100 && done < size; ++step) {
            const auto r = tls->write(reinterpret_cast<const char*>(data) + done, size - done);
            BOOST_REQUIRE(r.status == maas::tls::IoStatus::Done);
            done += r.bytes;
        }
        BOOST_REQUIRE_EQUAL(done, size);
    }
    Bytes secret = maas::Secret::generate().bytes();
    maas::UniqueFd fd;
    std::unique_ptr<maas::tls::PskStream> tls;
    std::unique_ptr<PeerStream> reader;
};

LeaseBatch batch(uint64_t firstSeq, size_t leases) {
    LeaseBatch b;
    b.first_seq = firstSeq;
    for (size_t i = 0; i < leases; ++i) {
        LeaseRecord l;
        l.address = static_cast<uint32_t>(0xC6120000U + firstSeq * 1000 + i);
        l.hw_address = {0x52, 0x54, 0, 0, static_cast<uint8_t>(i >> 8), static_cast<uint8_t>(i)};
        l.hostname = "host-" + std::to_string(i);
        l.valid_lifetime = 600;
        b.leases.push_back(std::move(l));
    }
    return b;
}

/// The frames `reader` has whole, decoded.
std::vector<PeerMessage> drain(PeerStream& reader) {
    std::vector<PeerMessage> messages;
    while (auto body = reader.nextBody()) {
        messages.push_back(decodeBody(body->data(), body->size()));
    }
    return messages;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(peer_stream)

BOOST_AUTO_TEST_CASE(frames_cross_whole_and_in_order_through_partial_writes) {
    StreamPair pair(kMaxPeerOutput, 4096);  // small socket buffers: every write is partial
    constexpr uint64_t kFrames = 40;
    for (uint64_t seq = 1; seq <= kFrames; ++seq) {
        pair.primary->queue(batch(seq, 60));
    }
    BOOST_REQUIRE(pair.primary->flush());
    BOOST_TEST(pair.primary->unwritten() > 0U);  // the socket took only part of it

    std::vector<PeerMessage> received;
    for (int step = 0; step < 100000 && received.size() < kFrames; ++step) {
        BOOST_REQUIRE(pair.secondary->read() == PeerStream::ReadEnd::Open);
        for (auto& m : drain(*pair.secondary)) {
            received.push_back(std::move(m));
        }
        BOOST_REQUIRE(pair.primary->flush());
    }
    BOOST_REQUIRE_EQUAL(received.size(), kFrames);
    BOOST_TEST(pair.primary->unwritten() == 0U);
    for (uint64_t seq = 1; seq <= kFrames; ++seq) {
        const auto* b = std::get_if<LeaseBatch>(&received[seq - 1]);
        BOOST_REQUIRE(b != nullptr);
        BOOST_TEST(b->first_seq == seq);
        BOOST_REQUIRE_EQUAL(b->leases.size(), 60U);
        BOOST_TEST(b->leases.back().hostname == "host-59");
    }
}

BOOST_AUTO_TEST_CASE(half_a_frame_waits_for_its_rest) {
    RawPartner pair;
    const Bytes frame = encodeFrame(batch(7, 3));
    const size_t half = frame.size() / 2;
    pair.write(frame.data(), half);
    for (int round = 0; round < 3; ++round) {  // the partner stalls: nothing more arrives
        BOOST_REQUIRE(pair.reader->read() == PeerStream::ReadEnd::Open);
        BOOST_TEST(drain(*pair.reader).empty());
    }
    pair.write(frame.data() + half, frame.size() - half);
    BOOST_REQUIRE(pair.reader->read() == PeerStream::ReadEnd::Open);
    const auto messages = drain(*pair.reader);
    BOOST_REQUIRE_EQUAL(messages.size(), 1U);
    BOOST_TEST(encodeFrame(messages[0]) == frame);
}

BOOST_AUTO_TEST_CASE(a_partner_closing_mid_frame_ends_the_stream_with_no_frame) {
    RawPartner pair;
    const Bytes frame = encodeFrame(batch(9, 2));
    pair.write(frame.data(), frame.size() - 1);
    pair.tls->shutdown();
    pair.tls.reset();
    pair.fd.reset();
    PeerStream::ReadEnd end = PeerStream::ReadEnd::Open;
    for (int step = 0; step < 10 && end == PeerStream::ReadEnd::Open; ++step) {
        end = pair.reader->read();
    }
    BOOST_TEST((end == PeerStream::ReadEnd::Closed));
    BOOST_TEST(drain(*pair.reader).empty());
}

BOOST_AUTO_TEST_CASE(a_partner_vanishing_without_close_notify_ends_the_stream) {
    RawPartner pair;
    const Bytes frame = encodeFrame(batch(9, 2));
    pair.write(frame.data(), 3);  // not even a whole length prefix
    pair.tls.reset();
    pair.fd.reset();
    PeerStream::ReadEnd end = PeerStream::ReadEnd::Open;
    for (int step = 0; step < 10 && end == PeerStream::ReadEnd::Open; ++step) {
        end = pair.reader->read();
    }
    BOOST_TEST((end != PeerStream::ReadEnd::Open));
    BOOST_TEST(drain(*pair.reader).empty());
}

BOOST_AUTO_TEST_CASE(a_frame_length_past_the_cap_is_a_wire_error) {
    RawPartner pair;
    const uint32_t length = kMaxFrameBody + 1;
    const uint8_t header[4] = {static_cast<uint8_t>(length >> 24),
                               static_cast<uint8_t>(length >> 16),
                               static_cast<uint8_t>(length >> 8), static_cast<uint8_t>(length)};
    pair.write(header, sizeof header);
    BOOST_REQUIRE(pair.reader->read() == PeerStream::ReadEnd::Open);
    BOOST_CHECK_THROW(pair.reader->nextBody(), WireError);
}

BOOST_AUTO_TEST_CASE(a_partner_that_stops_reading_is_given_up_past_the_output_cap) {
    StreamPair pair(64 * 1024, 4096);
    bool open = true;
    for (uint64_t seq = 1; seq <= 200 && open; ++seq) {
        pair.primary->queue(batch(seq, 100));
        open = pair.primary->flush();
    }
    BOOST_TEST(!open);
    BOOST_TEST(pair.primary->unwritten() > 64U * 1024U);
    BOOST_TEST(pair.primary->writeFailure().find("partner not reading") == 0U);
}

BOOST_AUTO_TEST_CASE(frames_wait_for_the_tls_handshake) {
    int fds[2];
    BOOST_REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) == 0);
    const Bytes secret = maas::Secret::generate().bytes();
    PeerStream client(maas::UniqueFd(fds[0]),
                      maas::tls::peerContext(maas::tls::Role::Client, secret));
    PeerStream server(maas::UniqueFd(fds[1]),
                      maas::tls::peerContext(maas::tls::Role::Server, secret));
    client.queue(Heartbeat{HaState::Normal, 1, 0, false});
    BOOST_REQUIRE(client.flush());  // handshake started, the frame waits
    BOOST_TEST(client.unwritten() > 0U);
    std::vector<PeerMessage> received;
    for (int step = 0; step < 100 && received.empty(); ++step) {
        server.secure();
        BOOST_REQUIRE(client.flush());
        if (server.established()) {
            BOOST_REQUIRE(server.read() == PeerStream::ReadEnd::Open);
            received = drain(server);
        }
    }
    BOOST_REQUIRE_EQUAL(received.size(), 1U);
    BOOST_TEST(std::holds_alternative<Heartbeat>(received[0]));
}

BOOST_AUTO_TEST_CASE(a_write_to_a_closed_partner_says_why_it_failed) {
    StreamPair pair;
    pair.secondary.reset();  // the partner's socket closed: our writes meet a reset
    bool open = true;
    for (int step = 0; step < 100 && open; ++step) {
        pair.primary->queue(batch(1, 10));
        open = pair.primary->flush();
    }
    BOOST_TEST(!open);
    BOOST_TEST(!pair.primary->writeFailure().empty());
}

BOOST_AUTO_TEST_SUITE_END()
