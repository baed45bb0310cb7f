#include <boost/test/unit_test.hpp>

#include <string>

#include "maas/rpc/handshake_table.h"

using namespace maas::rpc;

BOOST_AUTO_TEST_SUITE(handshake_table)

namespace {

struct ServerCase {
    ServerState state;
    ServerEvent event;
    ServerState next;
    ServerAction action;
};

// Every pair, stated here a second time so a change to the table is a deliberate change here.
constexpr ServerCase kServerCases[] = {
    {ServerState::AwaitHello, ServerEvent::Hello, ServerState::AwaitProof,
     ServerAction::SendChallenge},
    {ServerState::AwaitHello, ServerEvent::HelloIncompatible, ServerState::Closed,
     ServerAction::RefuseIncompatible},
    {ServerState::AwaitHello, ServerEvent::ProofValid, ServerState::Closed,
     ServerAction::RefuseUnauthenticated},
    {ServerState::AwaitHello, ServerEvent::ProofInvalid, ServerState::Closed,
     ServerAction::RefuseUnauthenticated},
    {ServerState::AwaitHello, ServerEvent::Command, ServerState::Closed,
     ServerAction::RefuseUnauthenticated},
    {ServerState::AwaitHello, ServerEvent::Answer, ServerState::Closed,
     ServerAction::RefuseUnauthenticated},
    {ServerState::AwaitHello, ServerEvent::Malformed, ServerState::Closed,
     ServerAction::CloseBadMessage},
    {ServerState::AwaitHello, ServerEvent::Timeout, ServerState::Closed,
     ServerAction::CloseTimeout},
    {ServerState::AwaitProof, ServerEvent::Hello, ServerState::Closed,
     ServerAction::RefuseUnauthenticated},
    {ServerState::AwaitProof, ServerEvent::HelloIncompatible, ServerState::Closed,
     ServerAction::RefuseUnauthenticated},
    {ServerState::AwaitProof, ServerEvent::ProofValid, ServerState::Verified,
     ServerAction::SendProof},
    {ServerState::AwaitProof, ServerEvent::ProofInvalid, ServerState::Closed,
     ServerAction::RefuseAuthFailed},
    {ServerState::AwaitProof, ServerEvent::Command, ServerState::Closed,
     ServerAction::RefuseUnauthenticated},
    {ServerState::AwaitProof, ServerEvent::Answer, ServerState::Closed,
     ServerAction::RefuseUnauthenticated},
    {ServerState::AwaitProof, ServerEvent::Malformed, ServerState::Closed,
     ServerAction::CloseBadMessage},
    {ServerState::AwaitProof, ServerEvent::Timeout, ServerState::Closed,
     ServerAction::CloseTimeout},
    {ServerState::Verified, ServerEvent::Hello, ServerState::Verified,
     ServerAction::RefuseProtocol},
    {ServerState::Verified, ServerEvent::HelloIncompatible, ServerState::Verified,
     ServerAction::RefuseProtocol},
    {ServerState::Verified, ServerEvent::ProofValid, ServerState::Verified,
     ServerAction::RefuseProtocol},
    {ServerState::Verified, ServerEvent::ProofInvalid, ServerState::Verified,
     ServerAction::RefuseProtocol},
    {ServerState::Verified, ServerEvent::Command, ServerState::Verified, ServerAction::Dispatch},
    {ServerState::Verified, ServerEvent::Answer, ServerState::Verified, ServerAction::Deliver},
    {ServerState::Verified, ServerEvent::Malformed, ServerState::Closed,
     ServerAction::CloseBadMessage},
    {ServerState::Verified, ServerEvent::Timeout, ServerState::Verified, ServerAction::Ignore},
};

}  // namespace

BOOST_AUTO_TEST_CASE(server_pairs) {
    for (const auto& c : kServerCases) {
        const auto step = serverStep(c.state, c.event);
        BOOST_TEST_CONTEXT(name(c.state) << " x " << name(c.event)) {
            BOOST_TEST(std::string(name(step.next)) == name(c.next));
            BOOST_TEST(std::string(name(step.action)) == name(c.action));
        }
    }
    BOOST_TEST(std::size(kServerCases) == (kServerStates - 1) * kServerEvents);
}

BOOST_AUTO_TEST_CASE(server_closed_is_terminal_and_silent) {
    for (size_t e = 0; e < kServerEvents; ++e) {
        const auto step = serverStep(ServerState::Closed, static_cast<ServerEvent>(e));
        BOOST_TEST((step.next == ServerState::Closed));
        BOOST_TEST((step.action == ServerAction::Ignore));
    }
}

BOOST_AUTO_TEST_CASE(server_never_dispatches_before_verification) {
    for (size_t s = 0; s < kServerStates; ++s) {
        for (size_t e = 0; e < kServerEvents; ++e) {
            const auto state = static_cast<ServerState>(s);
            const auto step = serverStep(state, static_cast<ServerEvent>(e));
            if (step.action == ServerAction::Dispatch || step.action == ServerAction::Deliver) {
                BOOST_TEST((state == ServerState::Verified));
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(client_pairs) {
    using S = ClientState;
    using E = ClientEvent;
    using A = ClientAction;
    struct Case {
        S state;
        E event;
        S next;
        A action;
    };
    const Case cases[] = {
        {S::Idle, E::Connected, S::AwaitChallenge, A::SendHello},
        {S::Idle, E::Challenge, S::Closed, A::CloseBadMessage},
        {S::Idle, E::Request, S::Closed, A::RefuseUnauthenticated},
        {S::Idle, E::Timeout, S::Closed, A::CloseTimeout},
        {S::AwaitChallenge, E::Connected, S::Closed, A::CloseBadMessage},
        {S::AwaitChallenge, E::Challenge, S::AwaitProof, A::SendProof},
        {S::AwaitChallenge, E::Incompatible, S::Closed, A::ReportIncompatible},
        {S::AwaitChallenge, E::ProofValid, S::Closed, A::CloseBadMessage},
        {S::AwaitChallenge, E::Refused, S::Closed, A::ReportRefused},
        {S::AwaitChallenge, E::Request, S::Closed, A::RefuseUnauthenticated},
        {S::AwaitChallenge, E::Answer, S::Closed, A::CloseBadMessage},
        {S::AwaitChallenge, E::Malformed, S::Closed, A::CloseBadMessage},
        {S::AwaitChallenge, E::Timeout, S::Closed, A::CloseTimeout},
        {S::AwaitProof, E::Challenge, S::Closed, A::CloseBadMessage},
        {S::AwaitProof, E::ProofValid, S::Verified, A::BecomeVerified},
        {S::AwaitProof, E::ProofInvalid, S::Closed, A::ReportAuthFailed},
        {S::AwaitProof, E::Refused, S::Closed, A::ReportRefused},
        {S::AwaitProof, E::Request, S::Closed, A::RefuseUnauthenticated},
        {S::AwaitProof, E::Timeout, S::Closed, A::CloseTimeout},
        {S::Verified, E::Challenge, S::Closed, A::CloseBadMessage},
        {S::Verified, E::Request, S::Verified, A::Dispatch},
        {S::Verified, E::Answer, S::Verified, A::Deliver},
        {S::Verified, E::Malformed, S::Closed, A::CloseBadMessage},
        {S::Verified, E::Timeout, S::Verified, A::Ignore},
    };
    for (const auto& c : cases) {
        const auto step = clientStep(c.state, c.event);
        BOOST_TEST_CONTEXT(name(c.state) << " x " << name(c.event)) {
            BOOST_TEST(std::string(name(step.next)) == name(c.next));
            BOOST_TEST(std::string(name(step.action)) == name(c.action));
        }
    }
}

BOOST_AUTO_TEST_CASE(client_only_dispatches_when_verified) {
    for (size_t s = 0; s < kClientStates; ++s) {
        for (size_t e = 0; e < kClientEvents; ++e) {
            const auto state = static_cast<ClientState>(s);
            const auto step = clientStep(state, static_cast<ClientEvent>(e));
            if (step.action == ClientAction::Dispatch || step.action == ClientAction::Deliver) {
                BOOST_TEST((state == ClientState::Verified));
            }
            // Every pair has a name, i.e. a decided action.
            BOOST_TEST(std::string(name(step.action)).size() > 0u);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
