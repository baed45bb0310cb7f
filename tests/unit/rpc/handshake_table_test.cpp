#include <boost/test/unit_test.hpp>

#include <string>

#include "maas/rpc/handshake_table.h"

using namespace maas::rpc;

BOOST_AUTO_TEST_SUITE(handshake_table)

namespace {

bool closesServer(ServerAction a) {
    return a == ServerAction::RefuseIncompatible || a == ServerAction::RefuseAuthFailed ||
           a == ServerAction::RefuseUnauthenticated || a == ServerAction::CloseBadMessage ||
           a == ServerAction::CloseTimeout;
}

bool closesClient(ClientAction a) {
    return a == ClientAction::ReportIncompatible || a == ClientAction::ReportAuthFailed ||
           a == ClientAction::ReportRefused || a == ClientAction::RefuseUnauthenticated ||
           a == ClientAction::CloseBadMessage || a == ClientAction::CloseTimeout;
}

}  // namespace

// The server verifies a rack only on a valid proof answering the challenge it just sent.
BOOST_AUTO_TEST_CASE(server_verifies_only_a_valid_proof_after_its_challenge) {
    for (size_t s = 0; s < kServerStates; ++s) {
        for (size_t e = 0; e < kServerEvents; ++e) {
            const auto state = static_cast<ServerState>(s);
            const auto event = static_cast<ServerEvent>(e);
            const auto step = serverStep(state, event);
            BOOST_TEST_CONTEXT(name(state) << " x " << name(event)) {
                if (state != ServerState::Verified && step.next == ServerState::Verified) {
                    BOOST_TEST((state == ServerState::AwaitProof));
                    BOOST_TEST((event == ServerEvent::ProofValid));
                    BOOST_TEST((step.action == ServerAction::SendProof));
                }
                if (step.action == ServerAction::SendChallenge)
                    BOOST_TEST((step.next == ServerState::AwaitProof));
            }
        }
    }
}

// Whatever an unverified peer sends, it gets no second chance on the same connection, and
// every refusal or error that closes says so by its action.
BOOST_AUTO_TEST_CASE(server_closes_exactly_when_its_action_closes) {
    for (size_t s = 0; s < kServerStates; ++s) {
        for (size_t e = 0; e < kServerEvents; ++e) {
            const auto state = static_cast<ServerState>(s);
            const auto event = static_cast<ServerEvent>(e);
            const auto step = serverStep(state, event);
            BOOST_TEST_CONTEXT(name(state) << " x " << name(event)) {
                if (state != ServerState::Closed)
                    BOOST_TEST(((step.next == ServerState::Closed) == closesServer(step.action)));
                if (state != ServerState::Verified && state != ServerState::Closed &&
                    (event == ServerEvent::Command || event == ServerEvent::Answer ||
                     event == ServerEvent::Malformed || event == ServerEvent::Timeout))
                    BOOST_TEST((step.next == ServerState::Closed));
            }
        }
    }
}

// A verified link survives a peer's protocol mistakes and idle deadlines, but not garbage.
BOOST_AUTO_TEST_CASE(server_keeps_a_verified_link_but_closes_on_garbage) {
    for (size_t e = 0; e < kServerEvents; ++e) {
        const auto event = static_cast<ServerEvent>(e);
        const auto step = serverStep(ServerState::Verified, event);
        BOOST_TEST_CONTEXT(name(event)) {
            BOOST_TEST(((step.next == ServerState::Closed) == (event == ServerEvent::Malformed)));
        }
    }
    BOOST_TEST(
        (serverStep(ServerState::Verified, ServerEvent::Command).action == ServerAction::Dispatch));
    BOOST_TEST(
        (serverStep(ServerState::Verified, ServerEvent::Answer).action == ServerAction::Deliver));
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

// The rack trusts a region only after the region proved the secret, and proves its own only
// in answer to a challenge.
BOOST_AUTO_TEST_CASE(client_trusts_only_a_region_that_proved_the_secret) {
    for (size_t s = 0; s < kClientStates; ++s) {
        for (size_t e = 0; e < kClientEvents; ++e) {
            const auto state = static_cast<ClientState>(s);
            const auto event = static_cast<ClientEvent>(e);
            const auto step = clientStep(state, event);
            BOOST_TEST_CONTEXT(name(state) << " x " << name(event)) {
                if (state != ClientState::Verified && step.next == ClientState::Verified) {
                    BOOST_TEST((state == ClientState::AwaitProof));
                    BOOST_TEST((event == ClientEvent::ProofValid));
                    BOOST_TEST((step.action == ClientAction::BecomeVerified));
                }
                if (step.action == ClientAction::SendProof) {
                    BOOST_TEST((state == ClientState::AwaitChallenge));
                    BOOST_TEST((event == ClientEvent::Challenge));
                }
                if (state != ClientState::Closed)
                    BOOST_TEST(((step.next == ClientState::Closed) == closesClient(step.action)));
                if (state != ClientState::Verified && state != ClientState::Closed &&
                    event == ClientEvent::Request)
                    BOOST_TEST((step.action == ClientAction::RefuseUnauthenticated));
            }
        }
    }
}

// The normal exchange, end to end, reaches verification.
BOOST_AUTO_TEST_CASE(client_and_server_complete_the_handshake) {
    auto client = clientStep(ClientState::Idle, ClientEvent::Connected);
    BOOST_TEST((client.action == ClientAction::SendHello));
    auto server = serverStep(ServerState::AwaitHello, ServerEvent::Hello);
    BOOST_TEST((server.action == ServerAction::SendChallenge));
    client = clientStep(client.next, ClientEvent::Challenge);
    BOOST_TEST((client.action == ClientAction::SendProof));
    server = serverStep(server.next, ServerEvent::ProofValid);
    BOOST_TEST((server.action == ServerAction::SendProof));
    BOOST_TEST((server.next == ServerState::Verified));
    client = clientStep(client.next, ClientEvent::ProofValid);
    BOOST_TEST((client.next == ClientState::Verified));
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
