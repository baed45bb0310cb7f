#pragma once

#include "maas/common/log.h"

namespace maas::rack {

inline constexpr MessageId kRackStarting{"RACK_STARTING", Severity::Info,
                                         "rackd started and is discovering region endpoints."};
inline constexpr MessageId kRackNotRegistered{
    "RACK_NOT_REGISTERED", Severity::Warn,
    "No shared secret: the rack waits until `maas-rack register` configures it."};
inline constexpr MessageId kRackConfigError{"RACK_CONFIG_ERROR", Severity::Error,
                                            "rackd.conf or the secret file is invalid."};
inline constexpr MessageId kRackConnected{"RACK_CONNECTED", Severity::Info,
                                          "Registered with a region worker endpoint."};
inline constexpr MessageId kRackVersionWarning{"RACK_VERSION_WARNING", Severity::Warn,
                                               "The region reports a version mismatch."};
inline constexpr MessageId kRackDisconnected{"RACK_DISCONNECTED", Severity::Warn,
                                             "A region worker connection was lost."};
inline constexpr MessageId kRackUnreachable{"RACK_UNREACHABLE", Severity::Info,
                                            "A region worker endpoint cannot be reached."};
inline constexpr MessageId kRackAuthFailed{
    "RACK_AUTH_FAILED", Severity::Error,
    "Shared secret mismatch with a region; retrying with a long backoff."};
inline constexpr MessageId kRackWrongMaas{
    "RACK_WRONG_MAAS", Severity::Error,
    "A region belongs to another MAAS than this rack; refused until re-registered."};
inline constexpr MessageId kRackIncompatible{"RACK_INCOMPATIBLE", Severity::Error,
                                             "Protocol versions of rack and region differ."};
inline constexpr MessageId kRackRefused{"RACK_REFUSED", Severity::Error,
                                        "A region refused this rack."};
inline constexpr MessageId kRackDiscoveryFailed{"RACK_DISCOVERY_FAILED", Severity::Warn,
                                                "A configured MAAS URL did not answer discovery."};
inline constexpr MessageId kRackDiscoveryUnverified{
    "RACK_DISCOVERY_UNVERIFIED", Severity::Error,
    "A discovery answer was not signed with this rack's shared secret; its endpoints were "
    "ignored."};
inline constexpr MessageId kRackEndpoints{"RACK_ENDPOINTS", Severity::Info,
                                          "The set of region endpoints changed."};
inline constexpr MessageId kRackReady{"RACK_READY", Severity::Info,
                                      "Registered; readiness signalled to the supervisor."};
inline constexpr MessageId kRackDeleted{
    "RACK_DELETED", Severity::Warn,
    "The region deleted this rack: system_id cleared, DHCP and power polling stopped; rackd "
    "stays idle until its next start registers it afresh."};
inline constexpr MessageId kRackStopping{"RACK_STOPPING", Severity::Info, "rackd is stopping."};

}  // namespace maas::rack
