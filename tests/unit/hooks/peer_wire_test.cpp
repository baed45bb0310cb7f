#include <boost/test/unit_test.hpp>

#include "maas/hooks/peer_wire.h"

using namespace maas::hooks;

namespace {

LeaseRecord sampleLease(uint32_t address) {
    LeaseRecord l;
    l.address = address;
    l.hw_address = {0x52, 0x54, 0x00, 0xaa, 0xbb, 0xcc};
    l.client_id = {0x01, 0x52, 0x54, 0x00, 0xaa, 0xbb, 0xcc};
    l.valid_lifetime = 600;
    l.cltt = 1764000000;
    l.subnet_id = 7;
    l.hostname = "node-1";
    l.fqdn_forward = true;
    return l;
}

PeerMessage roundTrip(const PeerMessage& m) {
    const Bytes frame = encodeFrame(m);
    FrameReader reader;
    reader.append(frame.data(), frame.size());
    auto body = reader.next();
    BOOST_REQUIRE(body.has_value());
    BOOST_TEST(!reader.next().has_value());
    return decodeBody(body->data(), body->size());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(peer_wire)

BOOST_AUTO_TEST_CASE(every_message_round_trips) {
    const PeerMessage messages[] = {
        Hello{kProtocolVersion, Role::Secondary, 128, Bytes(kNonceBytes, 7)},
        Proof{Bytes(kMacBytes, 9)},
        Heartbeat{HaState::CommunicationsInterrupted, 1764000000123, 42, true},
        LeaseBatch{1000, {sampleLease(0xC0000210), sampleLease(0xC0000211)}},
        Ack{1000, 2, {1001}},
        SyncRequest{false, 0xC0000210, 500},
        SyncPage{{sampleLease(0xC0000212)}, true, 0x0123456789abcdefULL},
    };
    for (const auto& m : messages) {
        BOOST_TEST((roundTrip(m) == m));
    }
}

BOOST_AUTO_TEST_CASE(delete_op_and_empty_fields_survive) {
    LeaseRecord l;
    l.op = LeaseRecord::Op::Delete;
    l.address = 0xC0000201;
    const PeerMessage m = LeaseBatch{1, {l}};
    BOOST_TEST((roundTrip(m) == m));
}

BOOST_AUTO_TEST_CASE(reader_handles_byte_by_byte_and_back_to_back_frames) {
    Bytes stream = encodeFrame(Heartbeat{HaState::Normal, 1, 0, false});
    const Bytes second = encodeFrame(Ack{5, 1, {}});
    stream.insert(stream.end(), second.begin(), second.end());
    FrameReader reader;
    int frames = 0;
    for (uint8_t byte : stream) {
        reader.append(&byte, 1);
        while (reader.next()) {
            ++frames;
        }
    }
    BOOST_TEST(frames == 2);
    BOOST_TEST(reader.buffered() == 0U);
}

BOOST_AUTO_TEST_CASE(oversize_and_empty_frames_are_refused_before_buffering) {
    const uint8_t huge[] = {0x7f, 0xff, 0xff, 0xff};
    FrameReader reader;
    reader.append(huge, sizeof huge);
    BOOST_CHECK_THROW(reader.next(), WireError);
    const uint8_t empty[] = {0, 0, 0, 0};
    FrameReader second;
    second.append(empty, sizeof empty);
    BOOST_CHECK_THROW(second.next(), WireError);
}

BOOST_AUTO_TEST_CASE(malformed_bodies_are_errors) {
    const Bytes unknownType = {99};
    BOOST_CHECK_THROW(decodeBody(unknownType.data(), unknownType.size()), WireError);
    const Bytes badState = {3, 17, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    BOOST_CHECK_THROW(decodeBody(badState.data(), badState.size()), WireError);
    // A partner never reports standalone (a standalone server has no peer link).
    Bytes standalone = encodeFrame(Heartbeat{HaState::Standalone, 1, 0, false});
    BOOST_CHECK_THROW(decodeBody(standalone.data() + 4, standalone.size() - 4), WireError);
    // A heartbeat with a trailing byte.
    Bytes frame = encodeFrame(Heartbeat{});
    frame.push_back(0);
    BOOST_CHECK_THROW(decodeBody(frame.data() + 4, frame.size() - 4), WireError);
    // Truncated lease batch: claims one lease, has none.
    const Bytes truncated = {4, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1};
    BOOST_CHECK_THROW(decodeBody(truncated.data(), truncated.size()), WireError);
    // Lease count above the cap.
    const Bytes tooMany = {7, 0x00, 0x01, 0x00, 0x00, 0};
    BOOST_CHECK_THROW(decodeBody(tooMany.data(), tooMany.size()), WireError);
    // Ack with more failures than updates.
    const Bytes badAck = {5, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1};
    BOOST_CHECK_THROW(decodeBody(badAck.data(), badAck.size()), WireError);
    // Hello with a short nonce.
    Bytes hello = encodeFrame(Hello{kProtocolVersion, Role::Primary, 255, Bytes(kNonceBytes, 1)});
    hello[4 + 1 + 2 + 1 + 2 + 1] = 5;  // nonce length low byte: 32 -> 5
    BOOST_CHECK_THROW(decodeBody(hello.data() + 4, hello.size() - 4), WireError);
}

BOOST_AUTO_TEST_CASE(encoder_refuses_fields_over_their_cap) {
    LeaseRecord l = sampleLease(1);
    l.hw_address = Bytes(kMaxHwAddress + 1, 0);
    BOOST_CHECK_THROW(encodeFrame(LeaseBatch{1, {l}}), WireError);
    l = sampleLease(1);
    l.hostname = std::string(kMaxHostname + 1, 'h');
    BOOST_CHECK_THROW(encodeFrame(LeaseBatch{1, {l}}), WireError);
    BOOST_CHECK_THROW(
        encodeFrame(LeaseBatch{1, std::vector<LeaseRecord>(kMaxLeasesPerMessage + 1)}), WireError);
}

// A stream appends each frame to what it still has to write: the frame is the same, the bytes
// before it untouched, and a refused frame leaves nothing behind.
BOOST_AUTO_TEST_CASE(frames_append_after_queued_bytes_and_a_refused_one_leaves_none) {
    const PeerMessage first = LeaseBatch{1, {sampleLease(0xC0000210)}};
    const PeerMessage second = Ack{1, 1, {}};
    Bytes out = {0xde, 0xad};
    appendFrame(out, first);
    appendFrame(out, second);
    Bytes expected = {0xde, 0xad};
    for (const auto& m : {first, second}) {
        const Bytes frame = encodeFrame(m);
        expected.insert(expected.end(), frame.begin(), frame.end());
    }
    BOOST_TEST(out == expected, boost::test_tools::per_element());
    LeaseRecord tooLong = sampleLease(1);
    tooLong.hostname = std::string(kMaxHostname + 1, 'h');
    BOOST_CHECK_THROW(appendFrame(out, LeaseBatch{2, {sampleLease(2), tooLong}}), WireError);
    BOOST_CHECK_THROW(
        appendFrame(out, LeaseBatch{2, std::vector<LeaseRecord>(kMaxLeasesPerMessage + 1)}),
        WireError);
    BOOST_TEST(out == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(full_page_fits_in_one_frame) {
    std::vector<LeaseRecord> leases;
    for (uint32_t i = 0; i < kMaxLeasesPerMessage; ++i) {
        LeaseRecord l = sampleLease(i);
        l.hostname = std::string(40, 'n');
        leases.push_back(l);
    }
    BOOST_TEST(encodeFrame(SyncPage{leases, false}).size() <= kMaxFrameBody + 4);
}

BOOST_AUTO_TEST_SUITE_END()
