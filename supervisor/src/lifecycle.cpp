#include "maas/supervisor/lifecycle.h"

#include <array>

namespace maas::supervisor {

namespace {

using S = ServiceState;
using A = ServiceAction;

constexpr size_t kStates = 7;
constexpr size_t kEvents = 8;

// Rows: states in enum order. Columns: Start, Stop, Restart, ReadySignalled, Exited,
// ExitedTooOften, BackoffElapsed, GraceElapsed. Timers are not cancelled explicitly: an event a
// state does not expect (a stale timer, readiness from a process being stopped) is a no-op.
constexpr std::array<std::array<Transition, kEvents>, kStates> kTable{{
    // Down: nothing runs; only Start/Restart bring it up.
    {{{S::Starting, A::Spawn},
      {S::Down, A::None},
      {S::Starting, A::Spawn},
      {S::Down, A::None},
      {S::Down, A::None},
      {S::Down, A::None},
      {S::Down, A::None},
      {S::Down, A::None}}},
    // Starting
    {{{S::Starting, A::None},
      {S::Stopping, A::Terminate},
      {S::Restarting, A::Terminate},
      {S::Ready, A::None},
      {S::Backoff, A::ArmBackoff},
      {S::Failed, A::ReportFailed},
      {S::Starting, A::None},
      {S::Starting, A::None}}},
    // Ready
    {{{S::Ready, A::None},
      {S::Stopping, A::Terminate},
      {S::Restarting, A::Terminate},
      {S::Ready, A::None},
      {S::Backoff, A::ArmBackoff},
      {S::Failed, A::ReportFailed},
      {S::Ready, A::None},
      {S::Ready, A::None}}},
    // Stopping: a Start while stopping means "bring it back once it is gone".
    {{{S::Restarting, A::None},
      {S::Stopping, A::None},
      {S::Restarting, A::None},
      {S::Stopping, A::None},
      {S::Down, A::None},
      {S::Down, A::None},
      {S::Stopping, A::None},
      {S::Stopping, A::Kill}}},
    // Restarting: a deliberate stop is not a crash, so any exit spawns again at once.
    {{{S::Restarting, A::None},
      {S::Stopping, A::None},
      {S::Restarting, A::None},
      {S::Restarting, A::None},
      {S::Starting, A::Spawn},
      {S::Starting, A::Spawn},
      {S::Restarting, A::None},
      {S::Restarting, A::Kill}}},
    // Backoff: no process; the timer or an explicit restart spawns it.
    {{{S::Backoff, A::None},
      {S::Down, A::None},
      {S::Starting, A::Spawn},
      {S::Backoff, A::None},
      {S::Backoff, A::None},
      {S::Backoff, A::None},
      {S::Starting, A::Spawn},
      {S::Backoff, A::None}}},
    // Failed: an operator's start/restart, a SIGHUP convergence or the end of the cool-down
    // (failed_retry_s, a Start from Supervisor::tick) tries again.
    {{{S::Starting, A::Spawn},
      {S::Down, A::None},
      {S::Starting, A::Spawn},
      {S::Failed, A::None},
      {S::Failed, A::None},
      {S::Failed, A::None},
      {S::Failed, A::None},
      {S::Failed, A::None}}},
}};

}  // namespace

Transition transition(ServiceState state, ServiceEvent event) {
    return kTable[static_cast<size_t>(state)][static_cast<size_t>(event)];
}

bool hasProcess(ServiceState state) {
    return state == S::Starting || state == S::Ready || state == S::Stopping ||
           state == S::Restarting;
}

std::string_view stateName(ServiceState state) {
    static constexpr std::array<std::string_view, kStates> kNames{
        "down", "starting", "ready", "stopping", "restarting", "backoff", "failed"};
    return kNames[static_cast<size_t>(state)];
}

std::string_view eventName(ServiceEvent event) {
    static constexpr std::array<std::string_view, kEvents> kNames{
        "start",           "stop",         "restart", "ready", "exited", "exited-too-often",
        "backoff-elapsed", "grace-elapsed"};
    return kNames[static_cast<size_t>(event)];
}

std::string_view actionName(ServiceAction action) {
    static constexpr std::array<std::string_view, 6> kNames{"none", "spawn",       "terminate",
                                                            "kill", "arm-backoff", "report-failed"};
    return kNames[static_cast<size_t>(action)];
}

}  // namespace maas::supervisor
