#pragma once

#include "maas/common/log.h"

namespace maas::hooks::msg {

// The hook's log catalog: tests and operators match these IDs, never the free text.
inline constexpr MessageId kLoaded{"MAAS_HA_LOADED", Severity::Info,
                                   "The HA hook parsed its parameters and is loaded."};
inline constexpr MessageId kStarted{"MAAS_HA_STARTED", Severity::Info,
                                    "The HA service opened its peer link and timers."};
inline constexpr MessageId kStateChange{"MAAS_HA_STATE_CHANGE", Severity::Warn,
                                        "This server moved to another HA state."};
inline constexpr MessageId kLinkUp{"MAAS_HA_LINK_UP", Severity::Info,
                                   "The partner authenticated; the peer link is up."};
inline constexpr MessageId kLinkDown{"MAAS_HA_LINK_DOWN", Severity::Warn,
                                     "The peer link was lost; changes go to the backlog."};
inline constexpr MessageId kPartnerSilent{
    "MAAS_HA_PARTNER_SILENT", Severity::Warn,
    "The partner was silent longer than its heartbeat gaps allow; the link is closed."};
inline constexpr MessageId kAuthFailed{"MAAS_HA_AUTH_FAILED", Severity::Error,
                                       "A peer connection failed authentication and was closed."};
inline constexpr MessageId kBacklogOverflow{
    "MAAS_HA_BACKLOG_OVERFLOW", Severity::Error,
    "The backlog for the absent partner overflowed; the partner must resync fully."};
inline constexpr MessageId kUpdateFailed{"MAAS_HA_UPDATE_FAILED", Severity::Error,
                                         "A lease change could not be stored."};
inline constexpr MessageId kSyncDone{"MAAS_HA_SYNC_DONE", Severity::Info,
                                     "All of the partner's leases were pulled and applied."};
inline constexpr MessageId kSyncResumed{
    "MAAS_HA_SYNC_RESUMED", Severity::Info,
    "After a lost link the pull of the partner's leases continues after the last page merged."};
inline constexpr MessageId kSyncStartOver{
    "MAAS_HA_SYNC_START_OVER", Severity::Warn,
    "The partner answered a resumed pull in another sync epoch (restarted, or it dropped "
    "changes for us); the pull starts from the first page."};
inline constexpr MessageId kSyncFailed{"MAAS_HA_SYNC_FAILED", Severity::Error,
                                       "Pulling the partner's leases failed."};
inline constexpr MessageId kClockSkew{"MAAS_HA_CLOCK_SKEW", Severity::Warn,
                                      "The partner's clock differs from ours by more than 30 s."};
inline constexpr MessageId kSplitMismatch{
    "MAAS_HA_SPLIT_MISMATCH", Severity::Warn,
    "The partners are configured with different splits; the primary's is used."};
inline constexpr MessageId kCommand{"MAAS_HA_COMMAND", Severity::Info,
                                    "An HA control command was executed."};
inline constexpr MessageId kInternalError{"MAAS_HA_INTERNAL_ERROR", Severity::Error,
                                          "A callout caught an unexpected exception."};
inline constexpr MessageId kLeaseEventsDropped{
    "MAAS_HA_LEASE_EVENTS_DROPPED", Severity::Warn,
    "rackd stayed away while the hook's lease event buffer filled; the oldest events are "
    "dropped from now on (counted) until rackd takes the rest."};

/// Every entry above, for Kea's message dictionary (kea_log_sink.cpp); one left out is still
/// logged, under MAAS_HA_LOG with its ID in the text.
inline constexpr const MessageId* kCatalog[] = {
    &kLoaded,        &kStarted,       &kStateChange,   &kLinkUp,
    &kLinkDown,      &kPartnerSilent, &kAuthFailed,    &kBacklogOverflow,
    &kUpdateFailed,  &kSyncDone,      &kSyncFailed,    &kClockSkew,
    &kSplitMismatch, &kCommand,       &kInternalError, &kLeaseEventsDropped,
    &kSyncResumed,   &kSyncStartOver};

}  // namespace maas::hooks::msg
