#include "maas/rpc/handshake_table.h"

namespace maas::rpc {

namespace {

using SS = ServerState;
using SE = ServerEvent;
using SA = ServerAction;

// Rows: states in enum order; columns: events in enum order.
// Hello, HelloIncompatible, ProofValid, ProofInvalid, Command, Answer, Malformed, Timeout
constexpr ServerStep kServerTable[kServerStates][kServerEvents] = {
    // AwaitHello
    {{SS::AwaitProof, SA::SendChallenge},
     {SS::Closed, SA::RefuseIncompatible},
     {SS::Closed, SA::RefuseUnauthenticated},  // a proof before any challenge
     {SS::Closed, SA::RefuseUnauthenticated},
     {SS::Closed, SA::RefuseUnauthenticated},
     {SS::Closed, SA::RefuseUnauthenticated},
     {SS::Closed, SA::CloseBadMessage},
     {SS::Closed, SA::CloseTimeout}},
    // AwaitProof
    {{SS::Closed, SA::RefuseUnauthenticated},  // a second Hello
     {SS::Closed, SA::RefuseUnauthenticated},
     {SS::Verified, SA::SendProof},
     {SS::Closed, SA::RefuseAuthFailed},
     {SS::Closed, SA::RefuseUnauthenticated},
     {SS::Closed, SA::RefuseUnauthenticated},
     {SS::Closed, SA::CloseBadMessage},
     {SS::Closed, SA::CloseTimeout}},
    // Verified
    {{SS::Verified, SA::RefuseProtocol},
     {SS::Verified, SA::RefuseProtocol},
     {SS::Verified, SA::RefuseProtocol},
     {SS::Verified, SA::RefuseProtocol},
     {SS::Verified, SA::Dispatch},
     {SS::Verified, SA::Deliver},
     {SS::Closed, SA::CloseBadMessage},
     {SS::Verified, SA::Ignore}},  // liveness, not the handshake deadline, governs from here
    // Closed: nothing more is read or sent
    {{SS::Closed, SA::Ignore},
     {SS::Closed, SA::Ignore},
     {SS::Closed, SA::Ignore},
     {SS::Closed, SA::Ignore},
     {SS::Closed, SA::Ignore},
     {SS::Closed, SA::Ignore},
     {SS::Closed, SA::Ignore},
     {SS::Closed, SA::Ignore}},
};

using CS = ClientState;
using CE = ClientEvent;
using CA = ClientAction;

// Connected, Challenge, Incompatible, ProofValid, ProofInvalid, Refused, Request, Answer,
// Malformed, Timeout
constexpr ClientStep kClientTable[kClientStates][kClientEvents] = {
    // Idle: only the connection comes first; anything else is a bug or a hostile peer
    {{CS::AwaitChallenge, CA::SendHello},
     {CS::Closed, CA::CloseBadMessage},
     {CS::Closed, CA::CloseBadMessage},
     {CS::Closed, CA::CloseBadMessage},
     {CS::Closed, CA::CloseBadMessage},
     {CS::Closed, CA::CloseBadMessage},
     {CS::Closed, CA::RefuseUnauthenticated},
     {CS::Closed, CA::CloseBadMessage},
     {CS::Closed, CA::CloseBadMessage},
     {CS::Closed, CA::CloseTimeout}},
    // AwaitChallenge
    {{CS::Closed, CA::CloseBadMessage},
     {CS::AwaitProof, CA::SendProof},
     {CS::Closed, CA::ReportIncompatible},
     {CS::Closed, CA::CloseBadMessage},
     {CS::Closed, CA::CloseBadMessage},
     {CS::Closed, CA::ReportRefused},
     {CS::Closed, CA::RefuseUnauthenticated},
     {CS::Closed, CA::CloseBadMessage},
     {CS::Closed, CA::CloseBadMessage},
     {CS::Closed, CA::CloseTimeout}},
    // AwaitProof
    {{CS::Closed, CA::CloseBadMessage},
     {CS::Closed, CA::CloseBadMessage},
     {CS::Closed, CA::CloseBadMessage},
     {CS::Verified, CA::BecomeVerified},
     {CS::Closed, CA::ReportAuthFailed},
     {CS::Closed, CA::ReportRefused},
     {CS::Closed, CA::RefuseUnauthenticated},
     {CS::Closed, CA::CloseBadMessage},
     {CS::Closed, CA::CloseBadMessage},
     {CS::Closed, CA::CloseTimeout}},
    // Verified: handshake events cannot occur (no handshake request is outstanding)
    {{CS::Closed, CA::CloseBadMessage},
     {CS::Closed, CA::CloseBadMessage},
     {CS::Closed, CA::CloseBadMessage},
     {CS::Closed, CA::CloseBadMessage},
     {CS::Closed, CA::CloseBadMessage},
     {CS::Closed, CA::CloseBadMessage},
     {CS::Verified, CA::Dispatch},
     {CS::Verified, CA::Deliver},
     {CS::Closed, CA::CloseBadMessage},
     {CS::Verified, CA::Ignore}},
    // Closed
    {{CS::Closed, CA::Ignore},
     {CS::Closed, CA::Ignore},
     {CS::Closed, CA::Ignore},
     {CS::Closed, CA::Ignore},
     {CS::Closed, CA::Ignore},
     {CS::Closed, CA::Ignore},
     {CS::Closed, CA::Ignore},
     {CS::Closed, CA::Ignore},
     {CS::Closed, CA::Ignore},
     {CS::Closed, CA::Ignore}},
};

}  // namespace

ServerStep serverStep(ServerState state, ServerEvent event) {
    return kServerTable[static_cast<size_t>(state)][static_cast<size_t>(event)];
}

ClientStep clientStep(ClientState state, ClientEvent event) {
    return kClientTable[static_cast<size_t>(state)][static_cast<size_t>(event)];
}

const char* name(ServerState s) {
    constexpr const char* kNames[] = {"AwaitHello", "AwaitProof", "Verified", "Closed"};
    return kNames[static_cast<size_t>(s)];
}
const char* name(ServerEvent e) {
    constexpr const char* kNames[] = {
        "Hello",  "HelloIncompatible", "ProofValid", "ProofInvalid", "Command",
        "Answer", "Malformed",         "Timeout"};
    return kNames[static_cast<size_t>(e)];
}
const char* name(ServerAction a) {
    constexpr const char* kNames[] = {"SendChallenge",
                                      "SendProof",
                                      "Dispatch",
                                      "Deliver",
                                      "RefuseIncompatible",
                                      "RefuseAuthFailed",
                                      "RefuseUnauthenticated",
                                      "RefuseProtocol",
                                      "CloseBadMessage",
                                      "CloseTimeout",
                                      "Ignore"};
    return kNames[static_cast<size_t>(a)];
}
const char* name(ClientState s) {
    constexpr const char* kNames[] = {"Idle", "AwaitChallenge", "AwaitProof", "Verified", "Closed"};
    return kNames[static_cast<size_t>(s)];
}
const char* name(ClientEvent e) {
    constexpr const char* kNames[] = {"Connected",    "Challenge", "Incompatible", "ProofValid",
                                      "ProofInvalid", "Refused",   "Request",      "Answer",
                                      "Malformed",    "Timeout"};
    return kNames[static_cast<size_t>(e)];
}
const char* name(ClientAction a) {
    constexpr const char* kNames[] = {"SendHello",        "SendProof",     "BecomeVerified",
                                      "Dispatch",         "Deliver",       "ReportIncompatible",
                                      "ReportAuthFailed", "ReportRefused", "RefuseUnauthenticated",
                                      "CloseBadMessage",  "CloseTimeout",  "Ignore"};
    return kNames[static_cast<size_t>(a)];
}

}  // namespace maas::rpc
