#include <boost/test/unit_test.hpp>

#include "maas/rpc/frame.h"

using namespace maas::rpc;

BOOST_AUTO_TEST_SUITE(frame)

BOOST_AUTO_TEST_CASE(round_trip_byte_by_byte) {
    const std::string wire = encodeFrame("hello") + encodeFrame("world!");
    FrameDecoder decoder;
    for (char c : wire) {
        BOOST_TEST((decoder.feed(&c, 1) == FrameDecoder::Status::Ok));
    }
    BOOST_TEST(*decoder.next() == "hello");
    BOOST_TEST(*decoder.next() == "world!");
    BOOST_TEST(!decoder.next().has_value());
    BOOST_TEST(decoder.pendingBytes() == 0u);
}

BOOST_AUTO_TEST_CASE(header_is_big_endian_length) {
    const auto frame = encodeFrame(std::string(258, 'x'));
    BOOST_TEST(frame.size() == 262u);
    BOOST_TEST(frame[0] == 0);
    BOOST_TEST(frame[1] == 0);
    BOOST_TEST(frame[2] == 1);
    BOOST_TEST(frame[3] == 2);
}

BOOST_AUTO_TEST_CASE(oversize_header_fails_before_buffering) {
    FrameDecoder decoder(100);
    const std::string header("\x00\x00\x00\x65", 4);  // 101 > 100
    BOOST_TEST((decoder.feed(header.data(), header.size()) == FrameDecoder::Status::Oversize));
    BOOST_TEST(decoder.failed());
    BOOST_TEST(decoder.pendingBytes() == 0u);
    const std::string more = encodeFrame("ok");
    BOOST_TEST((decoder.feed(more.data(), more.size()) == FrameDecoder::Status::Oversize));
    BOOST_TEST(!decoder.next().has_value());
}

BOOST_AUTO_TEST_CASE(frames_before_a_bad_header_are_kept) {
    FrameDecoder decoder(100);
    const std::string wire = encodeFrame("first") + std::string("\xff\xff\xff\xff", 4);
    BOOST_TEST((decoder.feed(wire.data(), wire.size()) == FrameDecoder::Status::Oversize));
    BOOST_TEST(*decoder.next() == "first");
}

BOOST_AUTO_TEST_CASE(empty_frame_is_refused) {
    FrameDecoder decoder;
    const std::string header(4, '\0');
    BOOST_TEST((decoder.feed(header.data(), header.size()) == FrameDecoder::Status::Empty));
}

BOOST_AUTO_TEST_CASE(encode_refuses_over_cap) {
    BOOST_CHECK_THROW(encodeFrame(std::string(11, 'x'), 10), FrameError);
    BOOST_CHECK_NO_THROW(encodeFrame(std::string(10, 'x'), 10));
}

BOOST_AUTO_TEST_SUITE_END()
