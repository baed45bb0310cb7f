#include <boost/test/unit_test.hpp>

#include "maas/hooks/lease_event_line.h"

using namespace maas::hooks;

BOOST_AUTO_TEST_SUITE(lease_event_line)

BOOST_AUTO_TEST_CASE(full_line) {
    LeaseRecord l;
    l.address = 0xC000020A;
    l.hw_address = {0x52, 0x54, 0x00, 0xaa, 0xbb, 0xcc};
    l.client_id = {0x01, 0x52};
    l.hostname = "node 1=x";
    l.cltt = 1764000000;
    l.valid_lifetime = 600;
    BOOST_TEST(maas::encodeLeaseEventLine(leaseEventLine("commit", l, "local")) ==
               "lease action=commit ip=192.0.2.10 mac=52:54:00:aa:bb:cc client-id=01:52 "
               "hostname=node_1_x expires=1764000600 origin=local");
}

BOOST_AUTO_TEST_CASE(absent_values_are_dashes) {
    LeaseRecord l;
    l.address = 0xC000020B;
    BOOST_TEST(maas::encodeLeaseEventLine(leaseEventLine("release", l, "partner")) ==
               "lease action=release ip=192.0.2.11 mac=- client-id=- hostname=- expires=0 "
               "origin=partner");
}

BOOST_AUTO_TEST_SUITE_END()
