#pragma once

#include <string_view>

namespace maas::supervisor {

/// Where one child service is in its life. Every (state, event) pair has a decided outcome in
/// lifecycle.cpp's table; nothing else changes a service's state.
enum class ServiceState {
    Down,        ///< not running and not wanted
    Starting,    ///< spawned, has not signalled readiness yet
    Ready,       ///< spawned and signalled readiness
    Stopping,    ///< stop signal sent, waiting for it to exit
    Restarting,  ///< stop signal sent; spawn again once it has exited
    Backoff,     ///< died; waiting for the restart delay
    Failed,      ///< died too often too fast; stays down until started explicitly
};

enum class ServiceEvent {
    Start,           ///< wanted up (convergence or `start`)
    Stop,            ///< wanted down (convergence, `stop`, shutdown)
    Restart,         ///< `restart`
    ReadySignalled,  ///< the child wrote its readiness line (or its probe succeeded)
    Exited,          ///< the child died and the crash-loop limit is not reached
    ExitedTooOften,  ///< the child died and that death completes a crash loop
    BackoffElapsed,  ///< the restart delay is over
    GraceElapsed,    ///< the stop grace period is over
};

/// What the supervisor must do as a result of a transition.
enum class ServiceAction {
    None,
    Spawn,         ///< fork/exec the child
    Terminate,     ///< send the stop signal and arm the grace timer
    Kill,          ///< send SIGKILL
    ArmBackoff,    ///< arm the restart timer with the next backoff delay
    ReportFailed,  ///< log that the service entered a crash loop
};

struct Transition {
    ServiceState next;
    ServiceAction action;
};

/// The lifecycle table: the outcome of event in state.
Transition transition(ServiceState state, ServiceEvent event);

/// True when a process exists for the service in this state.
bool hasProcess(ServiceState state);

std::string_view stateName(ServiceState state);
std::string_view eventName(ServiceEvent event);
std::string_view actionName(ServiceAction action);

}  // namespace maas::supervisor
