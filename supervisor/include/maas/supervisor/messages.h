#pragma once

#include "maas/common/log.h"

namespace maas::supervisor::msg {

// The supervisor's message catalog; tests and operators match these IDs.
inline constexpr MessageId kStarted{"SUP_STARTED", Severity::Info,
                                    "The supervisor started and loaded its mode."};
inline constexpr MessageId kSpawned{"SUP_SPAWNED", Severity::Info, "A child process was started."};
inline constexpr MessageId kReady{"SUP_READY", Severity::Info, "A child signalled readiness."};
inline constexpr MessageId kExited{"SUP_EXITED", Severity::Warn,
                                   "A child process exited while it was meant to run."};
inline constexpr MessageId kStoppedChild{"SUP_CHILD_STOPPED", Severity::Info,
                                         "A child exited after being asked to stop."};
inline constexpr MessageId kBackoff{"SUP_BACKOFF", Severity::Info,
                                    "A crashed child will be restarted after a delay."};
inline constexpr MessageId kFailed{"SUP_FAILED", Severity::Error,
                                   "A child died too often too fast; it stays down for the "
                                   "cool-down (failed_retry_s), or until started explicitly or "
                                   "the supervisor is reloaded."};
inline constexpr MessageId kCooldownOver{
    "SUP_COOLDOWN_OVER", Severity::Warn,
    "A failed service's cool-down is over; it is started again with a fresh crash count."};
inline constexpr MessageId kStopping{"SUP_STOPPING", Severity::Info,
                                     "A child was sent its stop signal."};
inline constexpr MessageId kKilled{"SUP_KILLED", Severity::Warn,
                                   "A child outlived its stop grace period and was killed."};
inline constexpr MessageId kSpawnFailed{"SUP_SPAWN_FAILED", Severity::Error,
                                        "A child could not be started at all."};
inline constexpr MessageId kReadyFdClosed{"SUP_READY_FD_CLOSED", Severity::Warn,
                                          "A child closed its readiness fd without a line."};
inline constexpr MessageId kReload{"SUP_RELOAD", Severity::Info,
                                   "Mode and configuration re-read; converging."};
inline constexpr MessageId kReloadFailed{"SUP_RELOAD_FAILED", Severity::Error,
                                         "Mode or configuration invalid; kept the previous "
                                         "plan."};
inline constexpr MessageId kShutdown{"SUP_SHUTDOWN", Severity::Info,
                                     "Stopping every child: rack, then region, then database."};
inline constexpr MessageId kShutdownDone{"SUP_SHUTDOWN_DONE", Severity::Info,
                                         "Every child has exited; the supervisor exits."};
inline constexpr MessageId kControlError{"SUP_CONTROL_ERROR", Severity::Warn,
                                         "A control-socket request failed."};
inline constexpr MessageId kStatusWriteFailed{"SUP_STATUS_WRITE_FAILED", Severity::Warn,
                                              "The status file could not be written."};

}  // namespace maas::supervisor::msg
