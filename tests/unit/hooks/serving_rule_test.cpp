#include <boost/test/unit_test.hpp>

#include "maas/hooks/load_balance.h"
#include "maas/hooks/serving_rule.h"

using namespace maas::hooks;

namespace {

// A client whose bucket is below 128 and one at or above it.
QueryFacts clientInBucket(bool low) {
    for (int i = 0; i < 65536; ++i) {
        QueryFacts q;
        q.hw_address = {0x52, 0x54, 0, 0, static_cast<uint8_t>(i >> 8), static_cast<uint8_t>(i)};
        if ((clientBucket({}, q.hw_address) < 128) == low) {
            return q;
        }
    }
    BOOST_FAIL("no client found");
    return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(serving_rule)

BOOST_AUTO_TEST_CASE(normal_state_splits_and_exactly_one_server_answers) {
    for (bool low : {true, false}) {
        const QueryFacts q = clientInBucket(low);
        const bool p = shouldAnswer(HaState::Normal, HaState::Normal, Role::Primary, 128, 3, q);
        const bool s = shouldAnswer(HaState::Normal, HaState::Normal, Role::Secondary, 128, 3, q);
        BOOST_TEST(p != s);
        BOOST_TEST(p == low);
    }
}

BOOST_AUTO_TEST_CASE(hot_standby_secondary_is_silent) {
    for (bool low : {true, false}) {
        const QueryFacts q = clientInBucket(low);
        BOOST_TEST(shouldAnswer(HaState::Normal, HaState::Normal, Role::Primary, 255, 3, q));
        BOOST_TEST(!shouldAnswer(HaState::Normal, HaState::Normal, Role::Secondary, 255, 3, q));
    }
}

BOOST_AUTO_TEST_CASE(client_waiting_too_long_is_answered_by_either) {
    QueryFacts q = clientInBucket(true);
    q.secs = 4;
    BOOST_TEST(shouldAnswer(HaState::Normal, HaState::Normal, Role::Secondary, 255, 3, q));
    q.secs = 3;
    BOOST_TEST(!shouldAnswer(HaState::Normal, HaState::Normal, Role::Secondary, 255, 3, q));
    q.secs = 60;  // 0 disables the rule
    BOOST_TEST(!shouldAnswer(HaState::Normal, HaState::Normal, Role::Secondary, 255, 0, q));
}

BOOST_AUTO_TEST_CASE(partner_not_serving_yet_means_we_answer_all) {
    const QueryFacts q = clientInBucket(true);
    BOOST_TEST(shouldAnswer(HaState::Normal, HaState::Sync, Role::Secondary, 255, 3, q));
}

BOOST_AUTO_TEST_CASE(non_serving_states_answer_nobody) {
    const QueryFacts q = clientInBucket(true);
    for (HaState s : {HaState::Startup, HaState::Sync, HaState::Recover}) {
        BOOST_TEST(!shouldAnswer(s, HaState::Normal, Role::Primary, 255, 3, q));
    }
    for (HaState s : {HaState::CommunicationsInterrupted, HaState::PartnerDown}) {
        BOOST_TEST(shouldAnswer(s, HaState::Normal, Role::Secondary, 255, 3, q));
    }
}

BOOST_AUTO_TEST_CASE(standalone_answers_every_client_with_no_limits) {
    for (bool low : {true, false}) {
        QueryFacts q = clientInBucket(low);
        // The partner state is meaningless here (there is none): whatever is passed, answer.
        for (HaState partner : {HaState::Startup, HaState::Normal}) {
            BOOST_TEST(shouldAnswer(HaState::Standalone, partner, Role::Standalone, 0, 0, q));
        }
    }
    for (uint32_t a = 0xC0000200; a < 0xC0000210; ++a) {
        BOOST_TEST(mayAllocate(HaState::Standalone, Role::Standalone, a, false));
    }
    BOOST_TEST(grantedLifetime(HaState::Standalone, 7200, 3600) == 7200U);
}

BOOST_AUTO_TEST_CASE(partition_cannot_give_one_address_to_two_servers) {
    for (uint32_t a = 0xC0000200; a < 0xC0000300; ++a) {
        const bool p = mayAllocate(HaState::CommunicationsInterrupted, Role::Primary, a, false);
        const bool s = mayAllocate(HaState::CommunicationsInterrupted, Role::Secondary, a, false);
        BOOST_TEST(p != s);
    }
    BOOST_TEST(mayAllocate(HaState::CommunicationsInterrupted, Role::Secondary, 0xC0000200, true));
    BOOST_TEST(mayAllocate(HaState::Normal, Role::Secondary, 0xC0000200, false));
    BOOST_TEST(mayAllocate(HaState::PartnerDown, Role::Secondary, 0xC0000200, false));
}

BOOST_AUTO_TEST_CASE(lifetime_capped_by_mclt_only_when_interrupted) {
    BOOST_TEST(grantedLifetime(HaState::CommunicationsInterrupted, 7200, 3600) == 3600U);
    BOOST_TEST(grantedLifetime(HaState::CommunicationsInterrupted, 600, 3600) == 600U);
    BOOST_TEST(grantedLifetime(HaState::Normal, 7200, 3600) == 7200U);
    BOOST_TEST(grantedLifetime(HaState::PartnerDown, 7200, 3600) == 7200U);
}

BOOST_AUTO_TEST_SUITE_END()
