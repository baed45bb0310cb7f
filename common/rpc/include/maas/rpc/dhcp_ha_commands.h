#pragma once

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <string>

namespace maas::rpc {

namespace command {
/// Rack -> region, once a second while its kea-dhcp4 runs the HA hook in a pair: what the
/// hook's `maas-ha-status` says. Empty reply.
inline constexpr const char* kDhcpHaStatus = "DHCPHAStatus";
/// Region -> rack: the witness says this rack's DHCP partner is dead. The rack passes the order
/// to its hook (`maas-ha-partner-down` with `fence-wait-ms`). Reply `{"text": hook's answer}`.
inline constexpr const char* kDhcpPartnerDown = "DHCPPartnerDown";
}  // namespace command

/// The part of the hook's status the region keeps (every field bounded).
struct DhcpHaStatusArgs {
    std::string system_id;
    std::string role;           ///< primary | secondary
    std::string state;          ///< the hook's state name
    std::string partner_state;  ///< or "unknown"
    bool link_up = false;
    int64_t backlog = 0;
    int64_t last_contact_ms_ago = -1;
    bool holds_partner_leases = false;
    std::string allocation;  ///< whole-pool | own-half | renew-only
    int64_t last_failover_ms_ago = -1;
    std::string last_failover_reason;
    int64_t ack_latency_avg_us = 0;  ///< replication: partner's store + ack, mean
};

struct DhcpPartnerDownArgs {
    int64_t fence_wait_ms = 0;  ///< 0-600000
};

Poco::JSON::Object::Ptr toJson(const DhcpHaStatusArgs& args);
/// Throws MessageError naming the command and the field.
DhcpHaStatusArgs decodeDhcpHaStatus(const Poco::JSON::Object& args);
Poco::JSON::Object::Ptr toJson(const DhcpPartnerDownArgs& args);
DhcpPartnerDownArgs decodeDhcpPartnerDown(const Poco::JSON::Object& args);

}  // namespace maas::rpc
