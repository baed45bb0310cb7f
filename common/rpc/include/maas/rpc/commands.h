#pragma once

#include <Poco/JSON/Object.h>

#include <string>
#include <vector>

namespace maas::rpc {

/// Protocol major: peers with different majors refuse each other, naming both.
inline constexpr int kProtocolVersion = 1;

namespace command {
inline constexpr const char* kHello = "Hello";
inline constexpr const char* kProof = "Proof";
inline constexpr const char* kRegister = "RegisterRackController";
inline constexpr const char* kHeartbeat = "Heartbeat";
/// Region -> rack: the controller was deleted; stop and forget its system_id.
inline constexpr const char* kStopRack = "StopRack";
/// Region -> rack, no arguments: the set of region workers changed (a region was deleted), so
/// the rack runs discovery now instead of at its next round.
inline constexpr const char* kRegionsChanged = "RegionsChanged";
/// Rack -> region: the rack's interfaces changed since it registered.
inline constexpr const char* kUpdateInterfaces = "UpdateInterfaces";
}  // namespace command

namespace code {
inline constexpr const char* kUnauthenticated = "unauthenticated";
inline constexpr const char* kAuthFailed = "authentication-failed";
inline constexpr const char* kIncompatible = "incompatible-protocol";
inline constexpr const char* kBadMessage = "bad-message";
inline constexpr const char* kBadRequest = "bad-request";
inline constexpr const char* kUnknownCommand = "unknown-command";
inline constexpr const char* kNotRegistered = "not-registered";
inline constexpr const char* kWrongMaas = "wrong-maas";
/// The rack's controller record is gone: the region follows with StopRack.
inline constexpr const char* kRackDeleted = "rack-deleted";
inline constexpr const char* kInternal = "internal-error";
}  // namespace code

struct HelloArgs {
    int protocol = kProtocolVersion;
    std::string version;    ///< software version, e.g. "0.1.0"
    std::string challenge;  ///< hex
};

struct ProofArgs {
    std::string digest;  ///< hex
    std::string salt;    ///< hex
};

/// One host interface as the rack reports it.
struct InterfaceInfo {
    std::string name;
    std::string type = "physical";       ///< physical, vlan, bond, bridge
    std::string mac_address;             ///< lowercase aa:bb:cc:dd:ee:ff, may be empty (loopback)
    std::vector<std::string> addresses;  ///< CIDR, e.g. 192.0.2.5/24
    int vid = 0;                         ///< 802.1Q VLAN id, 0 when untagged
    bool enabled = true;
    std::vector<std::string> parents;
};

struct RegisterArgs {
    std::string system_id;  ///< empty the first time
    std::string hostname;
    std::vector<InterfaceInfo> interfaces;
    std::string version;
    int protocol = kProtocolVersion;
    std::string maas_uuid;  ///< the MAAS this rack belongs to; empty before the first registration
    std::vector<std::string> gateways;  ///< gateways of the host's default routes
};

struct UpdateInterfacesArgs {
    std::string system_id;
    std::vector<InterfaceInfo> interfaces;
    std::vector<std::string> gateways;
};

struct RegisterResult {
    std::string system_id;
    std::string maas_uuid;
    std::string region_version;
    std::vector<std::string> warnings;
};

struct HeartbeatArgs {
    std::string system_id;
};

struct StopRackArgs {
    std::string reason;
};

// Encoders never fail; decoders throw MessageError("<command>: <field>: <problem>").
Poco::JSON::Object::Ptr toJson(const HelloArgs& args);
Poco::JSON::Object::Ptr toJson(const ProofArgs& args);
Poco::JSON::Object::Ptr toJson(const RegisterArgs& args);
Poco::JSON::Object::Ptr toJson(const RegisterResult& result);
Poco::JSON::Object::Ptr toJson(const HeartbeatArgs& args);
Poco::JSON::Object::Ptr toJson(const StopRackArgs& args);
Poco::JSON::Object::Ptr toJson(const UpdateInterfacesArgs& args);

HelloArgs decodeHello(const Poco::JSON::Object& object);
ProofArgs decodeProof(const Poco::JSON::Object& object);
RegisterArgs decodeRegister(const Poco::JSON::Object& object);
RegisterResult decodeRegisterResult(const Poco::JSON::Object& object);
HeartbeatArgs decodeHeartbeat(const Poco::JSON::Object& object);
StopRackArgs decodeStopRack(const Poco::JSON::Object& object);
UpdateInterfacesArgs decodeUpdateInterfaces(const Poco::JSON::Object& object);

/// Software versions "major.minor[.patch...]": the leading numbers, or nullopt-like {-1,-1}.
struct VersionNumbers {
    int major = -1;
    int minor = -1;
};
VersionNumbers parseVersion(const std::string& version);

}  // namespace maas::rpc
