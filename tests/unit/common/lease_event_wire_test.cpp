#include <boost/test/unit_test.hpp>

#include "maas/common/lease_event_wire.h"

using namespace maas;

BOOST_AUTO_TEST_SUITE(lease_event_wire)

namespace {
LeaseEventLine sample() {
    LeaseEventLine l;
    l.action = "commit";
    l.ip = "192.0.2.10";
    l.mac = "52:54:00:aa:bb:cc";
    l.client_id = "01:52:54:00:aa:bb:cc";
    l.hostname = "node1";
    l.expires = 1764000600;
    l.origin = "local";
    l.hook = "5f0c1e2a9b3d4c7e";
    l.seq = 42;
    return l;
}
}  // namespace

BOOST_AUTO_TEST_CASE(a_sequenced_line_round_trips) {
    const auto text = encodeLeaseEventLine(sample());
    BOOST_TEST(text ==
               "lease action=commit ip=192.0.2.10 mac=52:54:00:aa:bb:cc "
               "client-id=01:52:54:00:aa:bb:cc hostname=node1 expires=1764000600 origin=local "
               "hook=5f0c1e2a9b3d4c7e seq=42");
    const auto back = parseLeaseEventLine(text + "\n");
    BOOST_REQUIRE(back);
    BOOST_TEST((*back == sample()));
}

BOOST_AUTO_TEST_CASE(absent_values_round_trip_as_dashes) {
    LeaseEventLine l = sample();
    l.action = "release";
    l.client_id.clear();
    l.hostname.clear();
    l.origin = "partner";
    l.hook.clear();
    l.seq = 0;  // unsequenced: no hook= or seq=
    const auto text = encodeLeaseEventLine(l);
    BOOST_TEST(text ==
               "lease action=release ip=192.0.2.10 mac=52:54:00:aa:bb:cc client-id=- hostname=- "
               "expires=1764000600 origin=partner");
    const auto back = parseLeaseEventLine(text);
    BOOST_REQUIRE(back);
    BOOST_TEST((*back == l));
}

BOOST_AUTO_TEST_CASE(values_that_would_break_the_line_are_replaced) {
    LeaseEventLine l = sample();
    l.hostname = "node 1=x\n";
    BOOST_TEST(encodeLeaseEventLine(l).find(" hostname=node_1_x_ ") != std::string::npos);
    BOOST_TEST(parseLeaseEventLine(encodeLeaseEventLine(l))->hostname == "node_1_x_");
}

BOOST_AUTO_TEST_CASE(an_acknowledgement_round_trips) {
    const LeaseEventAck ack{"5f0c1e2a9b3d4c7e", 9007199254740993ULL};
    BOOST_TEST(encodeLeaseEventAck(ack) == "ack hook=5f0c1e2a9b3d4c7e seq=9007199254740993\n");
    const auto back = parseLeaseEventAck(encodeLeaseEventAck(ack));
    BOOST_REQUIRE(back);
    BOOST_TEST((*back == ack));
}

BOOST_AUTO_TEST_CASE(hostile_lines_are_refused) {
    const std::string huge =
        "lease action=commit ip=192.0.2.1 mac=aa expires=1 hostname=" + std::string(2000, 'a');
    for (const std::string& bad :
         {std::string(),
          std::string("lease"),
          std::string("lease action=commit"),
          std::string("lease action=grant ip=192.0.2.1 mac=aa expires=1"),
          std::string("lease action=commit ip=999.0.2.1 mac=aa expires=1"),
          std::string("lease action=commit ip=192.0.2.1 mac=zz expires=1"),
          std::string("lease action=commit ip=192.0.2.1 mac=aa expires=-1"),
          std::string("lease action=commit ip=192.0.2.1 mac=aa expires=12x"),
          std::string("lease action=commit ip=192.0.2.1 mac=aa hostname=a;b expires=1"),
          std::string("lease action=commit action=commit ip=192.0.2.1 mac=aa expires=1"),
          std::string("lease action=commit  ip=192.0.2.1 mac=aa expires=1"),
          std::string("lease action=commit ip=192.0.2.1 mac=aa expires=1 origin=elsewhere"),
          std::string("lease action=commit ip=192.0.2.1 mac=aa expires=1 client-id=xy"),
          std::string("lease action=commit ip=192.0.2.1 mac=aa expires=1 hook=ab"),
          std::string("lease action=commit ip=192.0.2.1 mac=aa expires=1 seq=3"),
          std::string("lease action=commit ip=192.0.2.1 mac=aa expires=1 hook=ab seq=0"),
          std::string("lease action=commit ip=192.0.2.1 mac=aa expires=1 hook=AB seq=1"),
          std::string("lease action=commit ip=192.0.2.1 mac=aa expires=1 hook=ab seq=-1"),
          std::string(
              "lease action=commit ip=192.0.2.1 mac=aa expires=1 hook=ab seq=99999999999999999999"),
          std::string("lease action=commit ip=192.0.2.1 mac=aa expires=1 hook=") +
              std::string(33, 'a') + " seq=1",
          std::string("lease action=commit ip=192.0.2.1\0 mac=aa expires=1", 47),
          std::string("lease action=commit ip=192.0.2.1\0 mac=aa expires=1", 50),
          huge,
          std::string("event action=commit")})
        BOOST_TEST(!parseLeaseEventLine(bad), bad);
}

BOOST_AUTO_TEST_CASE(hostile_acknowledgements_are_refused) {
    for (const char* bad :
         {"", "ack", "ack hook=ab", "ack seq=1", "ack hook=ab seq=0", "ack hook=ab seq=1 x=y",
          "ack hook=ab hook=ab seq=1", "ack hook=g1 seq=1", "ack hook=ab seq=1x",
          "lease hook=ab seq=1", "ACK hook=ab seq=1"})
        BOOST_TEST(!parseLeaseEventAck(bad), bad);
    BOOST_TEST(parseLeaseEventAck("ack seq=7 hook=ab")->seq == 7U);  // any order of the keys
}

BOOST_AUTO_TEST_CASE(a_datagram_splits_into_its_lines_in_order) {
    const std::string a = "lease action=commit ip=192.0.2.1 mac=aa expires=1 hook=ab seq=1";
    const std::string b = "lease action=release ip=192.0.2.2 mac=bb expires=2 hook=ab seq=2";
    const std::string datagram = a + "\n" + b + "\n";  // the views point into it
    const auto lines = splitLeaseEventDatagram(datagram);
    BOOST_REQUIRE(lines.size() == 2U);
    BOOST_TEST(lines[0] == a);
    BOOST_TEST(parseLeaseEventLine(lines[1])->seq == 2U);
    BOOST_TEST(splitLeaseEventDatagram(a).size() == 1U);  // an older hook's single line
    const std::string padded = "\n\n" + a + "\n\n";
    BOOST_TEST(splitLeaseEventDatagram(padded).size() == 1U);
    BOOST_TEST(splitLeaseEventDatagram("").empty());
}

BOOST_AUTO_TEST_SUITE_END()
