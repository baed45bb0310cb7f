#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "maas/rpc/dhcp_commands.h"

namespace maas::rack {

/// The on-disk format of rackd's lease event spool, pure (no I/O; fuzzed).
///
/// One text file, append-only between compactions:
///
///     maas-lease-spool 1 <spool id>\n                    header: format version, random id
///     e <seq> <action> <ip> <mac> <hostname|-> <expires> <check>\n   one lease event
///     a <seq> <check>\n                                  every event up to seq is done with
///     h <hook seq> <hook id> <check>\n                    the hook's lines up to hook seq are in
///
/// Fields are separated by single spaces and never contain whitespace; `check` is the FNV-1a
/// 32-bit hash of the record up to the space before it, in 8 hex digits. Sequence numbers
/// start at 1 and only grow within one spool id, across compactions and restarts, so the
/// region can tell a batch it has already applied. An `a` record marks events acknowledged
/// by the region, or given up when the spool was full. An `h` record follows the events it
/// covers in the same fsync'd write: rackd acknowledges the hook's lines by it and drops a line
/// the hook sends again (hooks/README.md, "Lease events for rackd").
struct SpooledEvent {
    uint64_t seq = 0;
    maas::rpc::LeaseEvent event;
};

inline constexpr std::string_view kSpoolMagic = "maas-lease-spool";

/// A lease event as a hook instance numbered it (hook "" and seq 0: unsequenced).
struct HookLeaseEvent {
    std::string hook;
    uint64_t seq = 0;
    maas::rpc::LeaseEvent event;
};

/// Per hook instance, the highest line sequence number in the spool. A hook instance lives as
/// long as one kea-dhcp4 process; the most recent kMaxHookMarks are kept.
using HookMarks = std::map<std::string, uint64_t>;
inline constexpr size_t kMaxHookMarks = 64;

/// Records `seq` for `hook` (never lowers it); beyond kMaxHookMarks the instance seen longest
/// ago goes (`order` counts records, so the newest written is the newest seen).
void noteHookMark(HookMarks& marks, std::map<std::string, uint64_t>& last_seen, uint64_t order,
                  const std::string& hook, uint64_t seq);

/// What reading a spool file found. Reading stops at the first record that is cut short or
/// does not check out (a crash mid-write can leave one at the end); `valid_bytes` is where
/// the intact prefix ends, and a writer truncates the file there before appending.
struct SpoolContents {
    std::string spool_id;              ///< "" when the file is empty or its header is unusable
    uint64_t done_through = 0;         ///< highest acknowledged or given-up sequence
    uint64_t last_seq = 0;             ///< highest sequence any record used
    std::deque<SpooledEvent> pending;  ///< events after done_through, in sequence order
    HookMarks hook_marks;              ///< per hook instance, its last line spooled
    std::map<std::string, uint64_t> hook_seen;  ///< per hook instance, when its mark was written
    uint64_t records = 0;                       ///< records read or written (orders hook_seen)
    size_t valid_bytes = 0;
    size_t dropped_for_bound = 0;  ///< oldest pending events beyond max_pending, given up
    std::string problem;           ///< why reading stopped early; "" when it read everything
};

/// A spool id: 1 to 64 characters of [0-9a-f].
bool validSpoolId(std::string_view id);

std::string encodeSpoolHeader(std::string_view spool_id);
/// Throws std::invalid_argument when a field is empty or holds whitespace or control
/// characters (the hook's event lines never do).
std::string encodeSpoolEvent(uint64_t seq, const maas::rpc::LeaseEvent& event);
std::string encodeSpoolDone(uint64_t seq);
/// Throws std::invalid_argument for an invalid hook id or seq 0.
std::string encodeSpoolHookMark(uint64_t seq, std::string_view hook);
/// Every hook mark, for a rewritten spool.
std::string encodeSpoolHookMarks(const SpoolContents& contents);

/// Parses a whole spool file; never throws. At most `max_pending` events are kept pending
/// (the oldest beyond it are counted in dropped_for_bound and marked done).
SpoolContents readSpool(std::string_view data, size_t max_pending);

/// Marks events up to `seq` done: they leave `pending`. False (and nothing changes) when seq
/// is beyond the last sequence used.
bool markDone(SpoolContents& contents, uint64_t seq);

}  // namespace maas::rack
