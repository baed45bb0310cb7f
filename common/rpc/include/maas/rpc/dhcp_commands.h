#pragma once

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace maas::rpc {

namespace command {
/// Rack -> region: this rack's full Kea configuration (on every (re)connect and whenever a
/// heartbeat reply carries a new DHCP generation).
inline constexpr const char* kGetDhcpConfig = "GetDHCPConfig";
/// Rack -> region: how applying the configuration went (the `dhcpd` service row).
inline constexpr const char* kDhcpStatus = "DHCPStatus";
/// Rack -> region: lease events from the Kea hook.
inline constexpr const char* kLeaseEvents = "LeaseEvents";
/// Region -> rack: the DHCP generation moved (the region heard the database's NOTIFY); same
/// body as a Heartbeat reply, `{"dhcp_generation": N}`. The rack treats it like one, so it
/// asks for its configuration now rather than at its next heartbeat. Empty reply.
inline constexpr const char* kDhcpGenerationChanged = "DHCPGenerationChanged";
}  // namespace command

/// Where the rack keeps Kea's files; the region writes them into the configuration.
struct GetDhcpConfigArgs {
    std::string system_id;
    std::string data_dir;
    std::string lease_cmds_library;
    std::string ha_hook_library;
    std::string secret_file;
    std::string event_socket;
};

struct DhcpConfigResult {
    int64_t generation = 0;  ///< the generation this configuration was built at
    bool serving = false;    ///< false: stop kea-dhcp4
    std::string config;      ///< kea-dhcp4 JSON text when serving
    std::vector<std::string> warnings;
};

struct DhcpStatusArgs {
    std::string system_id;
    std::string status;  ///< running, degraded, dead, off or unknown (the services table's values)
    std::string info;
};

struct LeaseEvent {
    std::string action;  ///< commit, release, decline, expire
    std::string ip;
    std::string mac;
    std::string hostname;  ///< "" when none
    int64_t expires = 0;   ///< seconds since the epoch
};

struct LeaseEventsArgs {
    std::string system_id;
    std::vector<LeaseEvent> events;
    /// The rack's spool (1-64 of [0-9a-f]) and the sequence number of events[0]; the others
    /// follow one by one. first_seq 0: an unsequenced batch (applied as it comes).
    std::string spool;
    int64_t first_seq = 0;
};

/// The highest sequence number a sequence may reach (exact in a JSON double).
inline constexpr int64_t kMaxLeaseSeq = int64_t{1} << 53;

/// How many of a sequenced batch's first events the region has applied already, given the
/// last sequence it recorded for the same spool (pure: the region's replay rule).
size_t leaseEventsAlreadyApplied(const LeaseEventsArgs& batch, int64_t applied_seq);

/// The reply to a sequenced LeaseEvents: `{"applied_seq": N}`, every event of the spool up to
/// N is recorded. nullopt from a region that sends no sequence (it applied the whole batch).
Poco::JSON::Object::Ptr leaseEventsReplyJson(int64_t applied_seq);
std::optional<int64_t> decodeLeaseEventsReply(const Poco::JSON::Object* reply);

/// The optional DHCP generation a Heartbeat reply carries (0 when the region has none).
Poco::JSON::Object::Ptr heartbeatReplyJson(int64_t dhcp_generation);
int64_t decodeHeartbeatReply(const Poco::JSON::Object* reply);

// Encoders never fail; decoders throw MessageError("<command>: <field>: <problem>").
Poco::JSON::Object::Ptr toJson(const GetDhcpConfigArgs& args);
Poco::JSON::Object::Ptr toJson(const DhcpConfigResult& result);
Poco::JSON::Object::Ptr toJson(const DhcpStatusArgs& args);
Poco::JSON::Object::Ptr toJson(const LeaseEventsArgs& args);
GetDhcpConfigArgs decodeGetDhcpConfig(const Poco::JSON::Object& object);
DhcpConfigResult decodeDhcpConfigResult(const Poco::JSON::Object& object);
DhcpStatusArgs decodeDhcpStatus(const Poco::JSON::Object& object);
LeaseEventsArgs decodeLeaseEvents(const Poco::JSON::Object& object);

}  // namespace maas::rpc
