#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace maas {

/// The lease-event lines the Kea hook sends to rackd's unix datagram socket and the
/// acknowledgements rackd sends back (hooks/README.md, "Lease events for rackd"). Both sides
/// use this one codec, so the format lives in one place. Pure; the parsers are fuzzed.
///
///     lease action=commit ip=192.0.2.10 mac=52:54:00:aa:bb:cc client-id=01:52:54:00:aa:bb:cc
///       hostname=node1 expires=1764000600 origin=local hook=5f0c1e2a9b3d4c7e seq=42
///     ack hook=5f0c1e2a9b3d4c7e seq=42
struct LeaseEventLine {
    std::string action;     ///< commit, release, decline, expire
    std::string ip;         ///< dotted quad
    std::string mac;        ///< lowercase hex bytes with ':'
    std::string client_id;  ///< hex bytes with ':', "" when absent
    std::string hostname;   ///< "" when absent
    int64_t expires = 0;    ///< seconds since the epoch
    std::string origin;     ///< local or partner
    std::string hook;       ///< the sending hook instance (1-32 of [0-9a-f]); "" when unsequenced
    uint64_t seq = 0;       ///< per hook instance, from 1; 0 when unsequenced
    bool operator==(const LeaseEventLine&) const = default;
};

struct LeaseEventAck {
    std::string hook;  ///< the hook instance the acknowledgement is for
    uint64_t seq = 0;  ///< every line of that instance up to seq is in rackd's spool
    bool operator==(const LeaseEventAck&) const = default;
};

/// Longest line either side accepts (a hook line is ~180 bytes).
inline constexpr size_t kMaxLeaseEventLine = 1024;
/// Longest datagram rackd reads: one or more whole lines, each ending in '\n'. Every rackd has
/// split datagrams into lines up to this size, so the hook may pack lines up to it.
inline constexpr size_t kMaxLeaseEventDatagram = 4096;

/// A hook instance id: 1-32 characters of [0-9a-f].
bool validLeaseHookId(std::string_view id);

/// One line without its trailing newline. Values that would break the format (spaces, '=',
/// control characters) are replaced by '_'; empty values are written as "-"; hook and seq
/// are left out when the line is unsequenced.
std::string encodeLeaseEventLine(const LeaseEventLine& line);
/// nullopt for anything the hook would not have written (trailing newline allowed).
std::optional<LeaseEventLine> parseLeaseEventLine(std::string_view line);

/// The lines of one datagram, in order, without their newlines; empty ones are skipped. A
/// datagram longer than kMaxLeaseEventDatagram is the caller's to refuse.
std::vector<std::string_view> splitLeaseEventDatagram(std::string_view datagram);

std::string encodeLeaseEventAck(const LeaseEventAck& ack);
std::optional<LeaseEventAck> parseLeaseEventAck(std::string_view datagram);

}  // namespace maas
