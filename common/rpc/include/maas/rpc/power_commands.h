#pragma once

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace maas::rpc {

namespace command {
/// Region -> rack: drive one BMC. Args PowerArgs; result PowerResult.
inline constexpr const char* kPowerOn = "PowerOn";
inline constexpr const char* kPowerOff = "PowerOff";
inline constexpr const char* kPowerQuery = "PowerQuery";
/// Region -> rack: the BMCs this rack owns and polls. Args PowerAssignments; result {}.
inline constexpr const char* kSetPowerAssignments = "SetPowerAssignments";
/// Rack -> region: power states that changed since the last report. Args PowerStateReport.
inline constexpr const char* kPowerStateReport = "PowerStateReport";
}  // namespace command

namespace code {
/// The BMC (or the driver talking to it) failed; the message is the BMC's.
inline constexpr const char* kPowerFailed = "power-failed";
/// Region-local outcomes of a call, never sent by a peer.
inline constexpr const char* kCallTimeout = "timeout";
inline constexpr const char* kNotConnected = "not-connected";
inline constexpr const char* kConnectionLost = "connection-lost";
}  // namespace code

/// One BMC as the region hands it to a rack: whose it is and how to reach it.
struct PowerArgs {
    std::string system_id;  ///< the machine
    std::string power_type;
    std::map<std::string, std::string> parameters;
};

struct PowerResult {
    std::string state;  ///< "on", "off" or "unknown"
};

struct PowerAssignments {
    uint32_t interval_ms = 30000;  ///< mean time between two polls of one BMC
    std::vector<PowerArgs> bmcs;
};

struct PowerStateChange {
    std::string system_id;
    std::string state;  ///< "on", "off", "unknown" or "error"
    std::string error;  ///< the BMC's message when state is "error"
};

struct PowerStateReport {
    std::string rack_system_id;
    std::vector<PowerStateChange> changes;
    /// Sequenced reports (queue and seq both set, or both absent): the rack resends a report
    /// until a region answers it, and the region applies each (queue, seq) once.
    std::string queue;  ///< 1-64 of [0-9a-f], new each time rackd starts
    int64_t seq = 0;    ///< 1..2^53, one per report of that queue, in order
};

inline constexpr int64_t kMaxPowerReportSeq = int64_t{1} << 53;

/// At most this many BMCs in one assignment or report (bounded frames).
inline constexpr size_t kMaxPowerEntries = 4000;

Poco::JSON::Object::Ptr toJson(const PowerArgs& args);
Poco::JSON::Object::Ptr toJson(const PowerResult& result);
Poco::JSON::Object::Ptr toJson(const PowerAssignments& args);
Poco::JSON::Object::Ptr toJson(const PowerStateReport& args);

// Decoders throw MessageError("<what>: <field>: <problem>").
PowerArgs decodePowerArgs(const Poco::JSON::Object& object, const std::string& what);
PowerResult decodePowerResult(const Poco::JSON::Object& object);
PowerAssignments decodePowerAssignments(const Poco::JSON::Object& object);
PowerStateReport decodePowerStateReport(const Poco::JSON::Object& object);

/// True for "on", "off", "unknown".
bool isPowerState(const std::string& state);

}  // namespace maas::rpc
