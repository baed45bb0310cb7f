#include <boost/test/unit_test.hpp>

#include <array>
#include <set>

#include "maas/hooks/load_balance.h"

using namespace maas::hooks;

BOOST_AUTO_TEST_SUITE(load_balance)

BOOST_AUTO_TEST_CASE(empty_key_hashes_to_the_table_entry_of_zero) {
    // length 0: the loop does not run and the hash is the initial value, the length.
    BOOST_TEST(loadBalanceBucket(nullptr, 0) == 0);
}

BOOST_AUTO_TEST_CASE(mixing_table_is_a_permutation) {
    // Single-byte keys k give T[1 ^ k]; over all k that visits every table entry once.
    std::set<uint8_t> seen;
    for (int k = 0; k < 256; ++k) {
        const auto key = static_cast<uint8_t>(k);
        seen.insert(loadBalanceBucket(&key, 1));
    }
    BOOST_TEST(seen.size() == 256U);
}

BOOST_AUTO_TEST_CASE(known_values_from_the_rfc_table) {
    // One byte 0x00: T[1 ^ 0] = T[1] = 175. One byte 0x01: T[0] = 251.
    const uint8_t zero = 0;
    const uint8_t one = 1;
    BOOST_TEST(loadBalanceBucket(&zero, 1) == 175);
    BOOST_TEST(loadBalanceBucket(&one, 1) == 251);
    // Two bytes {0, 0}: h = T[2 ^ 0] = T[2] = 119, then T[119 ^ 0] = T[119], and a one-byte
    // key k yields T[1 ^ k], so T[119] is the hash of the single byte 118. The key is walked
    // from its last byte: {0, 5} is T[T[2 ^ 5] ^ 0].
    const std::array<uint8_t, 2> two = {0, 0};
    const uint8_t k118 = 118;
    BOOST_TEST(loadBalanceBucket(two.data(), 2) == loadBalanceBucket(&k118, 1));
    const std::array<uint8_t, 2> order = {0, 5};
    const uint8_t inner = 1 ^ (2 ^ 5);  // one-byte key giving T[2 ^ 5]
    const uint8_t t25 = loadBalanceBucket(&inner, 1);
    const uint8_t outer = static_cast<uint8_t>(1 ^ t25);
    BOOST_TEST(loadBalanceBucket(order.data(), 2) == loadBalanceBucket(&outer, 1));
}

BOOST_AUTO_TEST_CASE(client_id_wins_over_hardware_address) {
    const Bytes hw = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
    const Bytes id = {0x01, 0x52, 0x54, 0x00, 0x12, 0x34, 0x57};
    BOOST_TEST(clientBucket({}, hw) == loadBalanceBucket(hw.data(), hw.size()));
    BOOST_TEST(clientBucket(id, hw) == loadBalanceBucket(id.data(), id.size()));
}

BOOST_AUTO_TEST_CASE(split_128_balances_roughly_half_and_half) {
    int primary = 0;
    for (int i = 0; i < 4096; ++i) {
        const Bytes hw = {
            0x52, 0x54, 0x00, 0x00, static_cast<uint8_t>(i >> 8), static_cast<uint8_t>(i)};
        primary += bucketOwner(clientBucket({}, hw), 128) == Role::Primary ? 1 : 0;
    }
    BOOST_TEST(primary > 4096 * 4 / 10);
    BOOST_TEST(primary < 4096 * 6 / 10);
}

BOOST_AUTO_TEST_CASE(split_edges) {
    for (int b = 0; b < 256; ++b) {
        const auto bucket = static_cast<uint8_t>(b);
        BOOST_TEST((bucketOwner(bucket, 255) == Role::Primary));  // hot standby
        BOOST_TEST((bucketOwner(bucket, 256) == Role::Primary));
        BOOST_TEST((bucketOwner(bucket, 0) == Role::Secondary));
        BOOST_TEST((bucketOwner(bucket, 128) == (b < 128 ? Role::Primary : Role::Secondary)));
    }
}

BOOST_AUTO_TEST_CASE(free_pool_is_shared_by_address_parity) {
    BOOST_TEST((freeAddressOwner(0xC0000210) == Role::Primary));
    BOOST_TEST((freeAddressOwner(0xC0000211) == Role::Secondary));
}

BOOST_AUTO_TEST_SUITE_END()
