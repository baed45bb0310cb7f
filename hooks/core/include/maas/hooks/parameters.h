#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <variant>

namespace maas::hooks {

/// Standalone: the only server of its subnets; no partner, no peer link, serves everyone and
/// only reports lease events.
enum class Role { Primary, Secondary, Standalone };
const char* roleName(Role role);

/// A hook parameter value as Kea's JSON gives it, without depending on Kea's Element.
using ParamValue = std::variant<std::monostate, int64_t, double, bool, std::string>;
using RawParams = std::map<std::string, ParamValue>;

/// Raised for a bad parameter; the message names the parameter and the problem.
class ParameterError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Everything the hook is configured with. Names mirror dhcpd's `failover peer` statements.
struct HookParameters {
    Role role = Role::Primary;
    uint32_t address = 0;       ///< own address (listen, server identifier)
    uint32_t peer_address = 0;  ///< partner's address (unused when standalone)
    uint16_t port = 647;        ///< our listening port
    uint16_t peer_port = 647;   ///< partner's listening port
    int split = 255;            ///< buckets [0, split) belong to the primary; >= 255 hot standby
    uint32_t mclt_seconds = 3600;
    uint32_t max_response_delay_seconds = 5;
    uint32_t max_unacked_updates = 10;  ///< frames in flight before updates are batched
    uint32_t load_balance_max_seconds = 3;
    uint32_t heartbeat_interval_ms = 100;
    uint32_t link_loss_floor_ms = 600;    ///< failure detector: never lost after less silence
    uint32_t link_loss_ceiling_ms = 800;  ///< failure detector: always lost after this much
    double link_loss_phi = 8.0;           ///< failure detector: suspicion threshold in between
    uint32_t max_ack_delay_ms = 2000;
    uint32_t batch_hold_ms = 2;  ///< under load, changes gather this long after a frame; 0: never
    uint32_t auto_partner_down_seconds = 0;  ///< 0: only by command, as MAAS does
    uint32_t fence_time_ms = 0;  ///< witness lease length; 0: no witness (see fencing.h)
    uint32_t backlog_limit = 10000;
    uint32_t sync_page_size = 1000;
    bool wait_for_partner_ack = true;
    std::string secret_file;   ///< empty when standalone (no peer to authenticate)
    std::string event_socket;  ///< empty: no lease events
};

/// Parses and validates the whole set; a bad value throws before anything is applied.
HookParameters parseParameters(const RawParams& raw);

}  // namespace maas::hooks
